# werkblad: build, test, install.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/werkblad
MANDIR = $(PREFIX)/share/man/man1
SWIFT ?= swift
# Static Swift runtime: about 5 ms less start-up per process, no Swift libraries needed at run time.
RELEASE = -c release --static-swift-stdlib

.PHONY: all deps build test sample install install-files uninstall clean

all: build

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build $(RELEASE) --product werkblad
	$(SWIFT) build $(RELEASE) --product werkblad-serve

test: deps
	$(SWIFT) test

sample: build
	mkdir -p out
	.build/release/werkblad blank -o out/werkblad-leeg.pdf
	.build/release/werkblad blank -o out/werkblad-leeg.png --dpi 60

# The binary goes to $(BINDIR); everything the commands read (layouts and the guides' texts,
# fonts, the form font, hyphenation dictionaries) to $(DATADIR), where the binary finds them
# (../share/werkblad beside it); with the JSON Schema, the samples, the description of the
# session format, shell completions and the man page.
install: build
	$(MAKE) install-files BINARY=.build/release/werkblad STRIP=-s

# Installs an already built BINARY, and werkblad-serve beside it, which `werkblad serve` runs from
# $(LIBEXECDIR) (the tests install a debug build into a temporary PREFIX).
BINARY ?= .build/release/werkblad
SERVE_BINARY ?= $(dir $(BINARY))werkblad-serve
LIBEXECDIR = $(PREFIX)/libexec/werkblad
STRIP ?=
install-files:
	install -d $(BINDIR) $(LIBEXECDIR) $(DATADIR)/Layouts $(DATADIR)/Web $(DATADIR)/Fonts $(DATADIR)/FormFont $(DATADIR)/Hyphenation \
		$(DATADIR)/Schema $(DATADIR)/samples $(DATADIR)/docs $(MANDIR) \
		$(PREFIX)/share/bash-completion/completions $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(STRIP) $(BINARY) $(BINDIR)/werkblad
	install -m 755 $(STRIP) $(SERVE_BINARY) $(LIBEXECDIR)/werkblad-serve
	install -m 644 Layouts/* $(DATADIR)/Layouts/
	install -m 644 Web/* $(DATADIR)/Web/
	install -m 644 Fonts/*.ttf Fonts/*.txt $(DATADIR)/Fonts/
	install -m 644 FormFont/* $(DATADIR)/FormFont/
	install -m 644 Hyphenation/* $(DATADIR)/Hyphenation/
	install -m 644 Schema/* $(DATADIR)/Schema/
	install -m 644 samples/* $(DATADIR)/samples/
	install -m 644 docs/sessiebestand.md $(DATADIR)/docs/
	install -m 644 docs/werkblad.1 $(MANDIR)/werkblad.1
	$(BINDIR)/werkblad --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/werkblad
	$(BINDIR)/werkblad --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_werkblad
	$(BINDIR)/werkblad --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/werkblad.fish

uninstall:
	rm -f $(BINDIR)/werkblad $(MANDIR)/werkblad.1 $(PREFIX)/share/bash-completion/completions/werkblad \
		$(PREFIX)/share/zsh/site-functions/_werkblad $(PREFIX)/share/fish/vendor_completions.d/werkblad.fish
	rm -rf $(DATADIR) $(LIBEXECDIR)

clean:
	rm -rf .build out

# The man page, docs/werkblad.1, is made by swift-argument-parser's generate-manual tool from
# the program's own help (`swift package --allow-writing-to-package-directory generate-manual`
# builds it; then: generate-manual-tool .build/debug/werkblad --output-directory docs).

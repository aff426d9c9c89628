# werkblad: build, test, install.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/werkblad
SWIFT ?= swift
# Static Swift runtime: about 5 ms less start-up per process, no Swift libraries needed at run time.
RELEASE = -c release --static-swift-stdlib

.PHONY: all deps build test sample install uninstall clean

all: build

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build $(RELEASE) --product werkblad

test: deps
	$(SWIFT) test

sample: build
	mkdir -p out
	.build/release/werkblad blank -o out/werkblad-leeg.pdf
	.build/release/werkblad blank -o out/werkblad-leeg.png --dpi 60

# The binary goes to $(BINDIR); Layouts/, Fonts/ and Hyphenation/ to $(DATADIR), where it finds them.
install: build
	install -d $(BINDIR) $(DATADIR)/Layouts $(DATADIR)/Fonts $(DATADIR)/Hyphenation
	install -m 755 -s .build/release/werkblad $(BINDIR)/werkblad
	install -m 644 Layouts/*.yaml $(DATADIR)/Layouts/
	install -m 644 Fonts/*.ttf Fonts/*.txt $(DATADIR)/Fonts/
	install -m 644 Hyphenation/* $(DATADIR)/Hyphenation/
	install -d $(DATADIR)/FormFont
	install -m 644 FormFont/* $(DATADIR)/FormFont/

uninstall:
	rm -f $(BINDIR)/werkblad
	rm -rf $(DATADIR)

clean:
	rm -rf .build out

/// The commented session file that `werkblad init` writes. It is itself a valid session file.
public enum StarterSession {
    public static let text = """
    # Sessiebestand voor een dilemmagesprek (‘Als openbaarheid schuurt’).
    # Vul in wat u weet; alles is optioneel. Wat leeg blijft, komt als leeg vak met
    # schrijfruimte op het werkblad. Controleer met:  werkblad check <dit bestand>
    # Maak het werkblad met:                         werkblad render <dit bestand> -o werkblad.pdf
    #
    # Tekst: één regel, of meer alinea's met een lege regel ertussen (gebruik dan  |  ),
    # of een lijst met streepjes voor opsommingstekens. Tekst wordt letterlijk gedrukt.

    versie: 1
    taal: nl                      # nl of en: taal van de opschriften

    sessie:
      titel: "Titel van het gesprek"
      datum: 2026-12-03           # JJJJ-MM-DD
      tijd: 13:30                 # UU:MM
      duur: 150                   # minuten (30 tot 480)
      locatie: "Zaal of online"
      vorm: fysiek                # fysiek of online
      gespreksleider: "Naam gespreksleider"
      dilemma-eigenaar: "Naam dilemma-eigenaar"
      deelnemers: ["Naam dilemma-eigenaar", "Naam deelnemer"]   # de methode adviseert hoogstens 8
      verslaglegging: chatham     # chatham (geen namen in het verslag) of namen
      # aanleiding: "Waarom dit gesprek er komt."
      # doel: "Wat het gesprek moet opleveren."

    kennismaken:                  # 1. Wat is het dilemma? Waarom is het gesprek nú nodig?
      dilemma: |
        Beschrijf het dilemma in een paar zinnen.
      # waarom-nu: "Waarom het gesprek nu nodig is."
      # kaders: "Wetten, afspraken en kaders die meespelen."

    # verkennen:                  # 2. Spelers A, B, C … (hoogstens 8) en de gedeelde vraag
    #   spelers:
    #     - naam: "Betrokken partij"
    #       standpunten-en-emoties: "…"
    #       belangen-en-waarden: "…"
    #       rechten-en-voorkeuren: "…"
    #   waarden:
    #     inhoud: ["…"]
    #     proces-en-relatie: ["…"]
    #     mens-en-professional: ["…"]
    #   invalshoeken: [relaties, rechten, financien, ethiek]
    #   gedeelde-vraag: "Wat is de gedeelde vraag?"

    # afwegen:                    # 3. Opties met voordelen en nadelen; de conclusie
    #   opties:
    #     - titel: "Optie"
    #       voordelen: ["…"]
    #       nadelen: ["…"]
    #   conclusie: "…"

    # kiezen:                     # 4. De keuze en wat er nodig is
    #   keuze: "…"
    #   wat-heeft-wie-nodig: ["…"]
    #   hoe-nu-verder: ["…"]

    # afronding:                  # 5. Zijn we tevreden? Samenvatting
    #   tevreden: "…"
    #   samenvatting: "…"

    """
}

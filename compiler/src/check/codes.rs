//! The checker's diagnostic codes (K02xx) and what `kader explain` says
//! about each.
//!
//! They are about items (policies, sources, teams, …) against the schema;
//! the schema's own codes (K0220–K0225) are declared in `schema`.

use crate::diagnostics::codes::{declare_codes, Category};

declare_codes! {
    category: Category::Names;

    UNKNOWN_KIND = "K0201" {
        title_nl: "Onbekende soort",
        title_en: "Unknown kind",
        explanation_nl: "Elk item begint met zijn soort: `beleid`, `bron`, `team`, `verwerker`, … De soorten staan in het schema van de standaardbibliotheek (en eventueel van de repository). Het woord vooraan dit item is geen soort die hier kan staan; vaak is het een tikfout. Binnen een item kunnen alleen de soorten staan die dat item als genest veld heeft, zoals `bron` binnen `beleid`.",
        explanation_en: "Every item starts with its kind: `policy`, `source`, `team`, `processor`, … The kinds are declared in the schema of the standard library (and possibly of the repository). The word in front of this item is not a kind that can stand here; often it is a typo. Inside an item only the kinds can stand that the item has a nested field for, such as `source` inside `policy`.",
        wrong: "beleidd markt_2024 {\n    titel: \"Demonstratie Markt\"\n}",
        right: "beleid markt_2024 {\n    titel: \"Demonstratie Markt\"\n}",
    }
    UNKNOWN_FIELD = "K0202" {
        title_nl: "Onbekend veld",
        title_en: "Unknown field",
        explanation_nl: "Elke soort heeft een vaste lijst velden, in het Nederlands en het Engels. Dit veld staat niet in die lijst. Controleer de spelling; een Nederlandse en een Engelse naam mogen door elkaar worden gebruikt, maar niet half vertaald.",
        explanation_en: "Every kind has a fixed list of fields, in Dutch and in English. This field is not in that list. Check the spelling; Dutch and English names may be mixed, but not half translated.",
        wrong: "team oov {\n    omschrijvng: \"Openbare orde en veiligheid\"\n}",
        right: "team oov {\n    omschrijving: \"Openbare orde en veiligheid\"\n}",
    }
    UNKNOWN_VARIANT = "K0203" {
        title_nl: "Waarde niet in de keuzelijst",
        title_en: "Value not in the vocabulary",
        explanation_nl: "Dit veld heeft een vaste keuzelijst (bijvoorbeeld de grondslagen van AVG art. 6 lid 1). De geschreven waarde staat niet in die lijst. Kies een van de mogelijke waarden; zonder aanhalingstekens.",
        explanation_en: "This field has a fixed vocabulary (for example the legal bases of GDPR art. 6(1)). The value written is not in it. Choose one of the possible values, without quotes.",
        wrong: "beleid markt_2024 {\n    grondslag: publieke_tak\n}",
        right: "beleid markt_2024 {\n    grondslag: publieke_taak\n}",
    }
    UNKNOWN_REFERENCE = "K0204" {
        title_nl: "Verwijzing naar iets dat niet bestaat",
        title_en: "Reference to something that does not exist",
        explanation_nl: "Dit veld verwijst naar een ander item, zoals een `team`, een `verwerker` of een `wettelijke_taak`. Er is geen item van die soort met deze naam, in geen enkel bestand van de repository en niet in de standaardbibliotheek. Declareer het item, of verbeter de naam.",
        explanation_en: "This field refers to another item, such as a `team`, a `processor` or a `statutory_task`. There is no item of that kind with this name, in no file of the repository and not in the standard library. Declare the item, or correct the name.",
        wrong: "beleid markt_2024 {\n    geautoriseerd: [team_ov]\n}\n\nteam team_oov {\n    omschrijving: \"Openbare orde en veiligheid\"\n}",
        right: "beleid markt_2024 {\n    geautoriseerd: [team_oov]\n}\n\nteam team_oov {\n    omschrijving: \"Openbare orde en veiligheid\"\n}",
    }
    WRONG_TYPE = "K0205" {
        title_nl: "Verkeerd soort waarde",
        title_en: "Wrong kind of value",
        explanation_nl: "Elk veld verwacht een bepaald soort waarde: een tekst tussen aanhalingstekens, een datum als `2024-05-09`, een periode als `2024-05-09 .. 2024-05-12`, een duur als `14 dagen`, `ja` of `nee`, een keuze uit een lijst, of de naam van een ander item. Hier staat iets anders dan het veld verwacht.",
        explanation_en: "Every field expects a certain kind of value: a text between quotes, a date such as `2024-05-09`, a period such as `2024-05-09 .. 2024-05-12`, a duration such as `14 days`, `yes` or `no`, a choice from a vocabulary, or the name of another item. What is written here is not what the field expects.",
        wrong: "beleid markt_2024 {\n    fg_advies: \"3 mei\"\n}",
        right: "beleid markt_2024 {\n    fg_advies: 2024-05-03\n}",
    }
    EXPECTED_LIST = "K0206" {
        title_nl: "Lijst verwacht",
        title_en: "List expected",
        explanation_nl: "Dit veld kan meer dan één waarde hebben en verwacht daarom een lijst, ook als er maar één waarde is: `[a]`, of `[a, b]`. Een lege lijst `[]` betekent: geen.",
        explanation_en: "This field can have more than one value and therefore expects a list, even when there is only one: `[a]`, or `[a, b]`. An empty list `[]` means: none.",
        wrong: "beleid markt_2024 {\n    gegevens: berichtinhoud\n}",
        right: "beleid markt_2024 {\n    gegevens: [berichtinhoud]\n}",
    }
    EXPECTED_SINGLE = "K0207" {
        title_nl: "Eén waarde verwacht, geen lijst",
        title_en: "One value expected, not a list",
        explanation_nl: "Dit veld heeft precies één waarde. Er staat een lijst tussen `[` en `]`. Haal de haken weg en kies één waarde.",
        explanation_en: "This field has exactly one value. A list between `[` and `]` is written. Remove the brackets and choose one value.",
        wrong: "beleid markt_2024 {\n    grondslag: [publieke_taak]\n}",
        right: "beleid markt_2024 {\n    grondslag: publieke_taak\n}",
    }
    MISSING_REQUIRED = "K0208" {
        title_nl: "Verplicht veld ontbreekt",
        title_en: "Required field missing",
        explanation_nl: "Het schema maakt sommige velden verplicht, bijvoorbeeld de titel, de verantwoordelijke, het doel en de grondslag van een beleid. Zonder die velden kan het beleid niet beoordeeld worden. De melding noemt alle ontbrekende velden tegelijk.",
        explanation_en: "The schema makes some fields required, for example the title, the controller, the purpose and the legal basis of a policy. Without them the policy cannot be assessed. The message names all missing fields at once.",
        wrong: "team oov {\n}",
        right: "team oov {\n    omschrijving: \"Openbare orde en veiligheid\"\n}",
    }
    DUPLICATE_FIELD = "K0209" {
        title_nl: "Veld twee keer ingevuld",
        title_en: "Field given twice",
        explanation_nl: "Een veld mag in een item maar één keer voorkomen. De Nederlandse en de Engelse naam van een veld tellen als hetzelfde veld. Meer waarden worden als lijst geschreven.",
        explanation_en: "A field may appear only once in an item. The Dutch and the English name of a field count as the same field. Several values are written as a list.",
        wrong: "team oov {\n    omschrijving: \"Openbare orde\"\n    description: \"Public order\"\n}",
        right: "team oov {\n    omschrijving: \"Openbare orde\"\n}",
    }
    DUPLICATE_ITEM = "K0210" {
        title_nl: "Naam twee keer gebruikt",
        title_en: "Name used twice",
        explanation_nl: "Alle items van dezelfde soort delen één naamruimte over alle bestanden van de repository en de standaardbibliotheek heen. Twee items van dezelfde soort mogen niet dezelfde naam hebben (ook niet in de andere taal), want een verwijzing moet precies één item aanwijzen. De melding staat bij beide items.",
        explanation_en: "All items of the same kind share one namespace across all files of the repository and the standard library. Two items of the same kind may not have the same name (not in the other language either), because a reference must point at exactly one item. The message is shown at both items.",
        wrong: "team oov {\n    omschrijving: \"Openbare orde\"\n}\n\nteam oov {\n    omschrijving: \"Veiligheid\"\n}",
        right: "team oov {\n    omschrijving: \"Openbare orde\"\n}\n\nteam veiligheid {\n    omschrijving: \"Veiligheid\"\n}",
    }
    PERIOD_REVERSED = "K0211" {
        title_nl: "Periode eindigt voor het begin",
        title_en: "Period ends before it starts",
        explanation_nl: "Een periode wordt geschreven als `begin .. einde`, beide dagen inbegrepen. Hier ligt de einddatum voor de begindatum; waarschijnlijk zijn ze verwisseld of is er een tikfout in een jaartal.",
        explanation_en: "A period is written `start .. end`, both days included. Here the end date lies before the start date; probably they are swapped, or a year has a typo.",
        wrong: "beleid markt_2024 {\n    periode: 2024-05-12 .. 2024-05-09\n}",
        right: "beleid markt_2024 {\n    periode: 2024-05-09 .. 2024-05-12\n}",
    }
    NESTED_AT_TOP_LEVEL = "K0212" {
        title_nl: "Genest item staat los",
        title_en: "Nested item stands on its own",
        explanation_nl: "Sommige items bestaan alleen als onderdeel van een ander item: een `bron` en een `afwijking` horen binnen een `beleid`. Dit item staat los in het bestand. Zet het binnen de accolades van het item waar het bij hoort.",
        explanation_en: "Some items exist only as part of another item: a `source` and an `exception` belong inside a `policy`. This item stands on its own in the file. Move it inside the braces of the item it belongs to.",
        wrong: "bron x {\n    toegang: openbaar\n}",
        right: "beleid markt_2024 {\n    bron x {\n        toegang: openbaar\n    }\n}",
    }
    NESTED_NOT_ALLOWED = "K0213" {
        title_nl: "Item kan hier niet staan",
        title_en: "Item cannot stand here",
        explanation_nl: "Binnen een item kunnen alleen de soorten staan waarvoor het schema een genest veld heeft, zoals `bron` en `afwijking` binnen `beleid`. Andere items, zoals een `team`, staan los in een bestand en worden met hun naam aangewezen.",
        explanation_en: "Inside an item only the kinds can stand that the schema gives a nested field for, such as `source` and `exception` inside `policy`. Other items, such as a `team`, stand on their own in a file and are referred to by name.",
        wrong: "beleid markt_2024 {\n    team oov {\n        omschrijving: \"Openbare orde\"\n    }\n}",
        right: "beleid markt_2024 {\n    geautoriseerd: [oov]\n}\n\nteam oov {\n    omschrijving: \"Openbare orde\"\n}",
    }
    BAD_ITEM_NAME = "K0214" {
        title_nl: "Ongeldige naam voor dit soort item",
        title_en: "Invalid name for this kind of item",
        explanation_nl: "Bij sommige soorten is de naam zelf een waarde: de naam van een `bron` is het platform (`x`, `facebook`, `forum`, …), de naam van een `afwijking` is de code van de regel waarvan wordt afgeweken (`OO-NEPACCOUNT`). Deze naam is zo'n waarde niet.",
        explanation_en: "For some kinds the name itself is a value: the name of a `source` is the platform (`x`, `facebook`, `forum`, …), the name of an `exception` is the code of the rule it deviates from (`OO-NEPACCOUNT`). This name is not such a value.",
        wrong: "beleid markt_2024 {\n    bron facebok {\n        toegang: openbaar\n    }\n}",
        right: "beleid markt_2024 {\n    bron facebook {\n        toegang: openbaar\n    }\n}",
    }
    NESTED_AS_FIELD = "K0215" {
        title_nl: "Genest veld als gewoon veld geschreven",
        title_en: "Nested field written as a plain field",
        explanation_nl: "Dit veld bevat items die als eigen blok binnen het item worden geschreven, zoals `bron x { ... }` binnen een `beleid`, niet als `veld: waarde`.",
        explanation_en: "This field holds items that are written as blocks of their own inside the item, such as `source x { ... }` inside a `policy`, not as `field: value`.",
        wrong: "beleid markt_2024 {\n    bron: x\n}",
        right: "beleid markt_2024 {\n    bron x {\n        toegang: openbaar\n    }\n}",
    }
    UNKNOWN_LAW = "K0216" {
        title_nl: "Wetsverwijzing naar een onbekend artikel",
        title_en: "Law reference to an unknown article",
        explanation_nl: "Na `wet` staan de namen van `artikel`-items: de wetsartikelen waarop een veld of keuze rust. Er is geen `artikel` met deze naam. Declareer het artikel (met citeertitel, tekst uit de officiële bron en URL) of verbeter de naam.",
        explanation_en: "After `law` come the names of `article` items: the articles of law a field or variant rests on. There is no `article` with this name. Declare the article (with its citation, the text from the official source and its URL) or correct the name.",
        wrong: "keuze grondslag / legal_basis {\n    publieke_taak / public_task wet [avg_6_1_f]\n}",
        right: "keuze grondslag / legal_basis {\n    publieke_taak / public_task wet [avg_6_1_e]\n}",
    }
    TOETS_CODE_TWICE = "K0217" {
        title_nl: "Code zowel verwacht als niet verwacht",
        title_en: "Code both expected and not expected",
        explanation_nl: "Een `toets` noemt bij `verwacht` de regelcodes die voor het beleid gemeld moeten worden, en bij `niet_verwacht` de codes die niet gemeld mogen worden. Een code die in beide lijsten staat, maakt dat de toets nooit kan slagen.",
        explanation_en: "A `test` names in `expect` the rule codes that must be reported for the policy, and in `expect_not` the codes that must not be reported. A code in both lists means the test can never pass.",
        wrong: "toets kort {\n    beleid: markt_2024\n    verwacht: [OO-STELSELMATIG]\n    niet_verwacht: [OO-STELSELMATIG]\n}",
        right: "toets kort {\n    beleid: markt_2024\n    niet_verwacht: [OO-STELSELMATIG]\n}",
    }
    TEST_ONLY_OUTSIDE_TESTS = "K0218" {
        title_nl: "Beleid alleen voor toetsen buiten `toetsen/`",
        title_en: "Test-only policy outside `toetsen/`",
        explanation_nl: "Een beleid met `alleen_voor_toetsen: ja` is geschreven om een toets mee te draaien: het staat niet in het register en de regels melden er niets over buiten `kader test`. Zo'n beleid hoort in een map `toetsen/`, zodat niemand het voor een echte werkwijze aanziet.",
        explanation_en: "A policy with `test_only: yes` is written to run a test with: it is left out of the register and the rules report nothing about it outside `kader test`. Such a policy belongs in a folder `toetsen/`, so that nobody takes it for a real practice.",
        wrong: "// beleid/voorbeeld.kader\nbeleid voorbeeld {\n    alleen_voor_toetsen: ja\n}",
        right: "// toetsen/voorbeeld.kader\nbeleid voorbeeld {\n    alleen_voor_toetsen: ja\n}",
    }
}

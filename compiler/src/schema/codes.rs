//! The schema's diagnostic codes (K0220–K0225): mistakes in `soort` and
//! `keuze` items themselves, and what `kader explain` says about each.

use crate::diagnostics::codes::{declare_codes, Category};

declare_codes! {
    category: Category::Schema;

    SCHEMA_UNKNOWN_TYPE = "K0220" {
        title_nl: "Onbekend type in het schema",
        title_en: "Unknown type in the schema",
        explanation_nl: "Het type van een veld is `tekst`, `getal`, `datum`, `periode`, `duur`, `ja_nee`, `regelcode`, de naam van een `keuze` of van een `soort`, of een lijst daarvan (`[T]`). Deze naam is geen van die.",
        explanation_en: "The type of a field is `text`, `number`, `date`, `period`, `duration`, `bool`, `rule_code`, the name of a `choice` or of a `kind`, or a list of one (`[T]`). This name is none of these.",
        wrong: "soort team / team {\n    omschrijving / description: tekts verplicht\n}",
        right: "soort team / team {\n    omschrijving / description: tekst verplicht\n}",
    }
    SCHEMA_UNKNOWN_MODIFIER = "K0221" {
        title_nl: "Onbekende eigenschap van een veld",
        title_en: "Unknown property of a field",
        explanation_nl: "Na het type van een veld kunnen alleen `verplicht` (`required`) en `genest` (`nested`) staan, en daarna eventueel `wet [...]`.",
        explanation_en: "After the type of a field only `required` (`verplicht`) and `nested` (`genest`) can follow, and after them possibly `law [...]`.",
        wrong: "soort team / team {\n    omschrijving / description: tekst verplict\n}",
        right: "soort team / team {\n    omschrijving / description: tekst verplicht\n}",
    }
    SCHEMA_DUPLICATE_MEMBER = "K0222" {
        title_nl: "Veld of keuze twee keer gedeclareerd",
        title_en: "Field or variant declared twice",
        explanation_nl: "Binnen een `soort` heeft elk veld een eigen naam, en binnen een `keuze` elke waarde, in beide talen. Een naam die al gebruikt is (ook als Engelse naam van een ander veld) maakt niet duidelijk wat bedoeld is.",
        explanation_en: "Within a `kind` every field has a name of its own, and within a `choice` every variant, in both languages. A name that is already used (also as the English name of another field) does not make clear what is meant.",
        wrong: "keuze methode / method {\n    handmatig / manual\n    handmatig / by_hand\n}",
        right: "keuze methode / method {\n    handmatig / manual\n    geautomatiseerd / automated\n}",
    }
    SCHEMA_DUPLICATE_NAME = "K0223" {
        title_nl: "Naam van een soort of keuze twee keer gebruikt",
        title_en: "Name of a kind or choice used twice",
        explanation_nl: "Soorten en keuzes delen één naamruimte, omdat een veldtype naar beide kan verwijzen. Elke naam (Nederlands of Engels) mag maar één keer voorkomen, en niet gelijk zijn aan een ingebouwd type zoals `tekst`.",
        explanation_en: "Kinds and choices share one namespace, because a field type can refer to either. Every name (Dutch or English) may appear only once, and may not equal a built-in type such as `text`.",
        wrong: "keuze doel / purpose {\n    openbare_orde / public_order\n}\n\nkeuze doel / aim {\n    handhaving / enforcement\n}",
        right: "keuze doel / purpose {\n    openbare_orde / public_order\n    handhaving / enforcement\n}",
    }
    SCHEMA_NESTED_NOT_KIND = "K0224" {
        title_nl: "Genest veld zonder soort als type",
        title_en: "Nested field without a kind as its type",
        explanation_nl: "`genest` betekent dat de waarden van het veld eigen items zijn, binnen het item geschreven. Dat kan alleen als het type van het veld een `soort` is (of een lijst daarvan).",
        explanation_en: "`nested` means the values of the field are items of their own, written inside the item. That is only possible when the type of the field is a `kind` (or a list of one).",
        wrong: "soort beleid / policy {\n    titel / title: tekst genest\n}",
        right: "soort beleid / policy {\n    titel / title: tekst verplicht\n}",
    }
    SCHEMA_BAD_NAME_TYPE = "K0225" {
        title_nl: "Ongeldig type voor de naam van een item",
        title_en: "Invalid type for the name of an item",
        explanation_nl: "Na `soort naam / name:` kan het type van de itemnaam staan. Alleen een `keuze` (de naam is dan een waarde uit de lijst, zoals een platform), `regelcode` of `tekst` zijn mogelijk.",
        explanation_en: "After `kind name / name:` may come the type of the item's name. Only a `choice` (the name is then a value from the vocabulary, such as a platform), `rule_code` or `text` are possible.",
        wrong: "soort bron / source: datum {\n    toegang / access: toegang\n}",
        right: "soort bron / source: platform {\n    toegang / access: toegang\n}",
    }
}

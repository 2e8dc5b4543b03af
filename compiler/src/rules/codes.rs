//! The diagnostic codes of the rule engine (K05xx): mistakes in rule files
//! and in the exceptions (`afwijking`) policies document.

use crate::diagnostics::codes::{declare_codes, Category};

declare_codes! {
    category: Category::Rules;

    UNKNOWN_NAME = "K0501" {
        title_nl: "Onbekende naam in een regel",
        title_en: "Unknown name in a rule",
        explanation_nl: "Een regel gebruikt een veld, keuzewaarde, functie, parameter of wetsartikel dat niet bestaat. Regels worden gecontroleerd tegen het schema, zodat een tikfout in een regel niet stilletjes betekent dat de regel nooit afgaat.",
        explanation_en: "A rule uses a field, variant, function, parameter or law article that does not exist. Rules are checked against the schema, so that a typo in a rule does not silently mean the rule never fires.",
        wrong: "regel EIGEN-LOGBOEK {\n    ernst: waarschuwing\n    zodra { beleid.logbok == nee }\n    melding { nl: \"Geen logboek.\" en: \"No log.\" }\n}",
        right: "regel EIGEN-LOGBOEK {\n    ernst: waarschuwing\n    zodra { beleid.logboek == nee }\n    melding { nl: \"Geen logboek.\" en: \"No log.\" }\n}",
    }
    TYPE_MISMATCH = "K0502" {
        title_nl: "Waarden die niet te vergelijken zijn",
        title_en: "Values that cannot be compared",
        explanation_nl: "Een regel vergelijkt waarden van een verschillende soort, bijvoorbeeld een datum met een duur, of gebruikt een functie met het verkeerde soort waarde.",
        explanation_en: "A rule compares values of different sorts, for example a date with a duration, or gives a function the wrong sort of value.",
        wrong: "regel EIGEN-TERMIJN {\n    ernst: fout\n    zodra { beleid.bewaartermijn > 2024-01-01 }\n    melding { nl: \"Te lang.\" en: \"Too long.\" }\n}",
        right: "regel EIGEN-TERMIJN {\n    ernst: fout\n    zodra { beleid.bewaartermijn > 14 dagen }\n    melding { nl: \"Te lang.\" en: \"Too long.\" }\n}",
    }
    RULE_SHAPE = "K0503" {
        title_nl: "Regel onvolledig of onjuist opgebouwd",
        title_en: "Rule incomplete or malformed",
        explanation_nl: "Een regel heeft een `ernst` (fout, waarschuwing of info), een `zodra`-blok met de voorwaarden en een `melding` in het Nederlands en het Engels. Elk onderdeel komt één keer voor.",
        explanation_en: "A rule has an `ernst` (severity: error, warning or info), a `zodra` (when) block with the conditions and a `melding` (message) in Dutch and English. Each part appears once.",
        wrong: "regel EIGEN-X {\n    zodra { beleid.logboek == nee }\n}",
        right: "regel EIGEN-X {\n    ernst: waarschuwing\n    zodra { beleid.logboek == nee }\n    melding { nl: \"Geen logboek.\" en: \"No log.\" }\n}",
    }
    EXCEPTION_UNKNOWN = "K0504" {
        title_nl: "Afwijking van een onbekende regel",
        title_en: "Exception to an unknown rule",
        explanation_nl: "Een `afwijking` noemt de code van de regel waarvan het beleid bewust afwijkt. Die code bestaat niet; controleer de spelling met `kader rules`.",
        explanation_en: "An `afwijking` (exception) names the code of the rule the policy deliberately departs from. That code does not exist; check the spelling with `kader rules`.",
        wrong: "afwijking AVG-FG-ADVIS {\n    motivering: \"...\"\n    besloten_door: burgemeester\n    datum: 2024-05-03\n}",
        right: "afwijking AVG-FG {\n    motivering: \"...\"\n    besloten_door: burgemeester\n    datum: 2024-05-03\n}",
    }
    EXCEPTION_NOT_WAIVABLE = "K0505" {
        title_nl: "Afwijking van een regel die geen afwijking toelaat",
        title_en: "Exception to a rule that allows none",
        explanation_nl: "Sommige regels beschrijven wat onrechtmatig is, zoals een nepaccount of toestemming als grondslag. Daarvan kan een gemeente niet met een motivering afwijken; het beleid moet worden aangepast.",
        explanation_en: "Some rules describe what is unlawful, such as a fake account or consent as a legal basis. A municipality cannot depart from those with a justification; the policy must change.",
        wrong: "afwijking OO-NEPACCOUNT {\n    motivering: \"Anders zien we niets.\"\n    besloten_door: burgemeester\n    datum: 2024-05-03\n}",
        right: "bron facebook {\n    toegang: openbaar\n    account: organisatie\n    interactie: geen\n}",
    }
    EXCEPTION_NO_MOTIVATION = "K0506" {
        title_nl: "Afwijking zonder motivering",
        title_en: "Exception without a justification",
        explanation_nl: "Een afwijking is alleen verantwoord met een motivering: waarom is afwijken hier nodig en aanvaardbaar? Het register toont die motivering.",
        explanation_en: "An exception is only accountable with a justification: why is departing necessary and acceptable here? The register shows that justification.",
        wrong: "afwijking AVG-FG {\n    motivering: \"\"\n    besloten_door: burgemeester\n    datum: 2024-05-03\n}",
        right: "afwijking AVG-FG {\n    motivering: \"Spoedeisend: de FG is dezelfde dag mondeling gehoord.\"\n    besloten_door: burgemeester\n    datum: 2024-05-03\n}",
    }
    EXCEPTION_STALE = "K0507" {
        title_nl: "Afwijking die niets meer onderdrukt",
        title_en: "Exception that no longer suppresses anything",
        explanation_nl: "De regel waarvan deze afwijking afwijkt, gaat voor dit beleid niet (meer) af. De afwijking is verouderd en kan weg, zodat het register geen afwijking toont die niet bestaat.",
        explanation_en: "The rule this exception departs from does not (or no longer) fire for this policy. The exception is stale and can be removed, so the register shows no exception that does not exist.",
        wrong: "beleid x {\n    fg_advies: 2024-05-03\n    afwijking AVG-FG { ... }\n}",
        right: "beleid x {\n    fg_advies: 2024-05-03\n}",
    }
    PARAMETER = "K0508" {
        title_nl: "Ongeldige parameter",
        title_en: "Invalid parameter",
        explanation_nl: "`[parameters]` in kader.toml noemt een parameter die geen regel kent, of geeft een waarde van de verkeerde soort (een duur schrijf je als \"7 dagen\").",
        explanation_en: "`[parameters]` in kader.toml names a parameter no rule knows, or gives a value of the wrong sort (a duration is written as \"7 days\").",
        wrong: "[parameters]\nstelselmatig_max_duur = \"een week\"",
        right: "[parameters]\nstelselmatig_max_duur = \"7 dagen\"",
    }
    BUDGET = "K0509" {
        title_nl: "Regel te bewerkelijk",
        title_en: "Rule too expensive",
        explanation_nl: "Het uitvoeren van een regel op een beleid kostte meer dan de vaste rekenruimte, bijvoorbeeld door veel geneste `in`-koppelingen. De regel is voor dat beleid niet afgemaakt; vereenvoudig de regel.",
        explanation_en: "Running a rule on a policy took more than the fixed evaluation budget, for example through many nested `in` bindings. The rule was not completed for that policy; simplify the rule.",
        wrong: "zodra {\n    a in beleid.bron\n    b in beleid.bron\n    c in beleid.bron\n    ...\n}",
        right: "zodra {\n    b in beleid.bron\n    b.account == fictief\n}",
    }
    DUPLICATE_RULE = "K0510" {
        title_nl: "Regelcode dubbel gebruikt",
        title_en: "Rule code used twice",
        explanation_nl: "Elke regel heeft een eigen, vaste code. Twee regels met dezelfde code maken instellingen en afwijkingen dubbelzinnig.",
        explanation_en: "Every rule has a code of its own. Two rules with the same code make settings and exceptions ambiguous.",
        wrong: "regel EIGEN-X { ... }\nregel EIGEN-X { ... }",
        right: "regel EIGEN-X { ... }\nregel EIGEN-Y { ... }",
    }
    UNKNOWN_RULE_SETTING = "K0511" {
        title_nl: "Instelling voor een onbekende regel",
        title_en: "Setting for an unknown rule",
        explanation_nl: "`[regels]` in kader.toml stelt de ernst in van een regel die niet bestaat. Waarschijnlijk is de code verkeerd gespeld; de instelling heeft nu geen effect. `kader rules` toont alle codes.",
        explanation_en: "`[regels]` in kader.toml sets the severity of a rule that does not exist. The code is probably misspelt; the setting has no effect now. `kader rules` lists every code.",
        wrong: "[regels]\n\"AVG-FG-ADVIES\" = \"fout\"",
        right: "[regels]\n\"AVG-FG\" = \"fout\"",
    }
    DUPLICATE_NAME = "K0512" {
        title_nl: "Naam van een definitie al in gebruik",
        title_en: "Name of a definition already in use",
        explanation_nl: "Een `definitie` krijgt een naam die regels gebruiken. Die naam mag niet al van een parameter, een andere definitie of `beleid` zijn: dan is niet duidelijk wat een regel bedoelt.",
        explanation_en: "A `definitie` (definition) gets a name that rules use. That name must not already belong to a parameter, another definition or `beleid`: it would be unclear what a rule means.",
        wrong: "definitie max_bewaartermijn = beleid.bewaartermijn > 3 maanden",
        right: "definitie lange_bewaring = beleid.bewaartermijn > max_bewaartermijn",
    }
    EXCEPTION_GROUND = "K0513" {
        title_nl: "Afwijking zonder de grond die de regel vraagt",
        title_en: "Exception without the ground the rule asks for",
        explanation_nl: "Sommige regels laten een afwijking alleen toe met een bepaalde wettelijke grond. Zo moet een afwijking van AVG-BIJZONDER de uitzondering van AVG art. 9 lid 2 noemen waarop de verwerking rust (bijvoorbeeld \"art. 9 lid 2 sub e\" of \"artikel 9, tweede lid, onder g\"). Zonder die grond geldt de afwijking niet en blijft de bevinding staan.",
        explanation_en: "Some rules allow an exception only with a particular legal ground. An exception to AVG-BIJZONDER must name the exception of GDPR Art. 9(2) the processing rests on (for example \"art. 9 lid 2 sub e\" or \"9(2)(g)\"). Without that ground the exception does not apply and the finding stays.",
        wrong: "afwijking AVG-BIJZONDER {\n    motivering: \"Nodig voor de openbare orde.\"\n    besloten_door: burgemeester\n    datum: 2025-05-01\n}",
        right: "afwijking AVG-BIJZONDER {\n    motivering: \"De organisator heeft zijn opvattingen zelf openbaar gemaakt: art. 9 lid 2 sub e AVG.\"\n    besloten_door: burgemeester\n    datum: 2025-05-01\n}",
    }
    TEST_UNKNOWN_RULE = "K0514" {
        title_nl: "Toets noemt een regel die niet bestaat",
        title_en: "Test names a rule that does not exist",
        explanation_nl: "Bij `verwacht` en `niet_verwacht` van een `toets` staan regelcodes: van de standaardbibliotheek of van de eigen regels van de repository. Er is geen regel met deze code. Een tikfout zou de toets altijd laten slagen (een code die niet bestaat wordt nooit gemeld), daarom is het een fout.",
        explanation_en: "The `expect` and `expect_not` lists of a `test` hold rule codes: of the standard library or of the repository's own rules. There is no rule with this code. A typo would make the test always pass (a code that does not exist is never reported), so it is an error.",
        wrong: "toets kort {\n    beleid: markt_2024\n    niet_verwacht: [OO-STELSELMATIK]\n}",
        right: "toets kort {\n    beleid: markt_2024\n    niet_verwacht: [OO-STELSELMATIG]\n}",
    }
}

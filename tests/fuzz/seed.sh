#!/bin/sh
# Fills corpus/<target>/ (DIR/<target>/ with `seed.sh DIR`) with seeds:
# the shipped kader files (the parser corpus, the example repository and
# the stdlib), repositories with small generated rule packs for
# `analyse` (and `fingerprint`), and language-server sessions with edits, requests,
# cancellations and broken frames for `lsp`. Run from tests/fuzz; the
# input formats are described in README.md.
set -eu
out=${1:-corpus}
root=../..
files=$(find "$root/tests/corpus" "$root/examples" "$root/stdlib" -name '*.kader' | sort)
mkdir -p "$out/parse" "$out/fmt" "$out/analyse" "$out/lsp" "$out/fingerprint"
n=0
for f in $files; do
    n=$((n + 1))
    cp "$f" "$out/parse/$n.kader"
    cp "$f" "$out/fmt/$n.kader"
    # A language-server session: open the file, then ask every request
    # at line 3, character 5 (see tests/src/lsp_session.rs for the bytes).
    {
        printf '\000\000\001\001'
        cat "$f"
        printf '\377'
        m=0
        while [ $m -lt 21 ]; do
            printf "\\000\\004\\$(printf %03o $m)\\000\\003\\000\\005\\000\\003\\000\\011\\377"
            m=$((m + 1))
        done
    } > "$out/lsp/$n.bin"
done

# Repositories: the example repository as one input, files split by `%%`,
# and each policy beside the organisation files.
{
    cat "$root/examples/kader.toml"
    for f in $(find "$root/examples" -name '*.kader' | sort); do
        printf '\n%%%%\n'
        cat "$f"
    done
} > "$out/analyse/examples.txt"
for f in $(find "$root/examples/beleid" "$root/tests/corpus" -name '*.kader' | sort); do
    n=$((n + 1))
    { cat "$f"; printf '\n%%%%\n'; cat "$root/examples/organisatie/teams.kader"; printf '\n%%%%\n'; cat "$root/examples/kader.toml"; } > "$out/analyse/$n.txt"
done

# Rule packs: small `regel` items made from the pieces below (a condition,
# where it points, a message, sometimes a fix or a required motivation),
# with a parameter and definitions, next to a policy and a kader.toml that
# sets the pack's parameter and severities. Any part with `regel` items is
# compiled by the rule engine, so these reach it on every run.
conditions='beleid.logboek == nee|beleid.logboek|zet beleid.logboek = ja
niet leeg(beleid.koppelingen)|beleid.koppelingen|verwijder beleid.koppelingen
duur(beleid.periode) > t_max of open(beleid.periode)|beleid.periode|
b in beleid.bron\n        b.account in [fictief, persoonlijk]|b.account|zet b.account = organisatie
beleid.ontvangers niet in [niemand]|beleid.ontvangers|
aandeel(beleid.zoektermen, t_termen, gemeente()) >= 0.5|[beleid.methode, beleid.zoektermen]|
laat redenen = ["meer bronnen" / "more sources" als aantal(beleid.bron) >= 2, "besloten" / "closed" als beleid.bron.toegang in [besloten]]\n        niet leeg(redenen)|beleid.bron|
t_beide|t_lang|
aantal(beleid.bron) >= 2 en beleid.methode == geautomatiseerd|beleid.methode|
b in beleid.bron\n        laat heimelijk = b.account in [fictief, persoonlijk] of b.interactie == onder_schuilnaam\n        heimelijk|b|
begint_met(beleid.titel, "@") of bevat_tekst(beleid.titel, "markt")|beleid.titel|
beleid.bewaartermijn > 3 maanden|beleid.bewaartermijn|zet beleid.bewaartermijn = 3 maanden'
messages='Gevonden: {beleid.titel}.|Found: {beleid.titel}.
Bronnen: {aantal(beleid.bron)}.|Sources: {aantal(beleid.bron)}.
Algemeen: {overlap(beleid.zoektermen, t_termen, gemeente())}.|General.
Langer dan {t_max}.|Longer than {t_max}.
Zie `{beleid.doel}`.|See `{beleid.doel}`.'
severities='fout waarschuwing info'
pack() {
    # pack NUMBER: a pack of three rules chosen by NUMBER.
    printf '// Een lokaal regelpakket. / A local rule pack.\n'
    printf 'parameter t_max / t_max_en: duur = 7 dagen\n'
    printf 'parameter t_termen / t_terms: [tekst] = ["gemeente", "politie"]\n\n'
    printf 'definitie t_koppelt / t_links = niet leeg(beleid.koppelingen)\n'
    printf 'definitie t_lang / t_long = duur(beleid.periode) > 7 dagen of beleid.terugkijkperiode > 7 dagen\n'
    printf 'definitie t_beide / t_both = t_koppelt en t_lang\n'
    for k in 0 1 2; do
        i=$((($1 * 5 + k * 7) % 12 + 1))
        line=$(printf '%s\n' "$conditions" | sed -n "${i}p")
        cond=${line%%|*}
        rest=${line#*|}
        point=${rest%%|*}
        fix=${rest#*|}
        j=$((($1 + k) % 5 + 1))
        mline=$(printf '%s\n' "$messages" | sed -n "${j}p")
        severity=$(echo $severities | cut -d' ' -f$((($1 + k) % 3 + 1)))
        printf '\n/// Regel %s. / Rule %s.\n' "$k" "$k"
        printf 'regel T-PAK%s-R%s {\n' "$1" "$k"
        printf '    ernst: %s\n' "$severity"
        # The rule that asks for a motivation can always be waived.
        if [ $((($1 + k) % 2)) -eq 0 ] || [ $k -eq 1 ]; then
            printf '    afwijkbaar: ja\n'
        else
            printf '    afwijkbaar: nee\n'
        fi
        printf '    samenvatting { nl: "Regel %s." en: "Rule %s." }\n' "$k" "$k"
        printf "    zodra {\n        $cond\n    }\n"
        printf '    wijs: %s\n' "$point"
        printf '    melding { nl: "%s" en: "%s" }\n' "${mline%%|*}" "${mline#*|}"
        printf '    hulp { nl: "Pas het beleid aan." en: "Change the policy." }\n'
        if [ -n "$fix" ]; then
            printf '    oplossing: %s\n' "$fix"
        fi
        if [ $k -eq 1 ]; then
            printf '    motivering {\n        patroon: "(?i)\\\\bgrond\\\\s+[a-c]\\\\b"\n'
            printf '        nl: "Noem grond a, b of c."\n        en: "Name ground a, b or c."\n    }\n'
        fi
        printf '}\n'
    done
}
policies=$(find "$root/examples/beleid" "$root/tests/fixtures/rules" -name '*.kader' | sort)
p=0
for f in $policies; do
    p=$((p + 1))
    {
        pack $p
        printf '\n%%%%\n'
        cat "$f"
        if [ $((p % 2)) -eq 0 ]; then
            # An exception to one of the pack's rules, with and without the
            # ground it asks for.
            printf '\nbeleid uitzondering_%s {\n    titel: "markt"\n    logboek: nee\n' "$p"
            printf '    afwijking T-PAK%s-R1 {\n        motivering: "Op grond b besloten."\n' "$p"
            printf '        besloten_door: burgemeester\n        datum: 2024-05-01\n    }\n'
            printf '    afwijking T-PAK%s-R0 {\n        motivering: "Spoed."\n' "$p"
            printf '        besloten_door: college\n        datum: 2024-05-02\n    }\n}\n'
        fi
        printf '\n%%%%\n'
        cat "$root/examples/organisatie/teams.kader"
        printf '\n%%%%\n'
        printf '[project]\ngemeente = "Zuiderhaven"\n\n[regels]\n"T-PAK%s-R2" = "fout"\n"T-PAK%s-R0" = "uit"\n' "$p" "$p"
        printf '\n[parameters]\nt_max = "%s dagen"\nt_termen = ["markt", "zuiderhaven"]\n' "$((p % 9 + 1))"
        printf '\n[pakketten]\npaden = ["regels/"]\n'
    } > "$out/analyse/pack-$p.txt"
done

# Language-server sessions (format: tests/src/lsp_session.rs). Each opens
# a policy and a rule pack, then interleaves edits with requests, cancels
# requests still in flight, and sends broken frames between them.
hex() { printf "\\$(printf %03o "$1")"; }
# request DOC METHOD LINE CHAR: a positioned request (kind 4).
request() { hex "$1"; printf '\004'; hex "$2"; printf '\000'; hex "$3"; printf '\000'; hex "$4"; printf '\000'; hex "$3"; printf '\000'; hex $(($4 + 4)); printf '\377'; }
# cancel BACK: $/cancelRequest for the request BACK before the newest.
cancel() { printf '\000\011'; hex "$1"; }
# change DOC LINE CHAR TEXT: replace a range by TEXT (kind 2).
change() { hex "$1"; printf '\002\000\007\000'; hex "$2"; printf '\000'; hex "$3"; printf '\000'; hex "$2"; printf '\000'; hex $(($3 + 3)); printf '%s\377' "$4"; }
s=0
for f in $(find "$root/examples/beleid" -name '*.kader' | sort); do
    s=$((s + 1))
    {
        # Open the policy (doc 0) and a rule pack (doc 3); 59 messages in
        # all, within the 64 a session decodes.
        printf '\000\000\001\001'; cat "$f"; printf '\377'
        printf '\003\000\001\001'; pack $s; printf '\377'
        line=1
        while [ $line -lt 7 ]; do
            change 0 $line 4 "x"
            request 0 $((line % 13)) $line 6
            request 0 1 $line 8
            cancel 0
            change 3 $((line + 8)) 10 "ja"
            request 3 $((line % 5)) $((line + 8)) 10
            cancel $((line % 4))
            line=$((line + 1))
        done
        # Broken frames between requests: an empty body, a header without
        # a length, a body that is not JSON, one that is not UTF-8, garbage
        # with a header cut short, and a message whose length is too small.
        printf '\000\010\000'
        request 0 0 2 4
        printf '\000\010\001'
        request 0 1 2 4
        printf '\000\010\002{"jsonrpc": "2.0", "id": \377'
        printf '\000\010\003\200'
        printf '\000\010\004Content-Len\r\ngarbage\r\n\r\n\377'
        printf '\000\010\004Content-Length 12\r\n\r\n\377'
        request 0 2 3 5
        printf '\000\010\005\000\000\003\000\005\000\003\000\011'; hex $((s * 7))
        request 0 4 3 5
        # A whole new text, then requests against it.
        printf '\000\001\000\002beleid kort { titel: "k" logboek: nee }\377'
        request 0 0 0 8
        cancel 0
        request 0 7 0 8
    } > "$out/lsp/session-$s.bin"
done
# `fingerprint` reads a repository as `analyse` does, from the same seeds.
cp "$out/analyse/"* "$out/fingerprint/"
echo "seeded: $(ls "$out/parse" | wc -l) parse, $(ls "$out/fmt" | wc -l) fmt, $(ls "$out/analyse" | wc -l) analyse, $(ls "$out/lsp" | wc -l) lsp, $(ls "$out/fingerprint" | wc -l) fingerprint"

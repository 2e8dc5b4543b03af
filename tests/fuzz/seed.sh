#!/bin/sh
# Fills corpus/<target>/ with seeds from the shipped kader files: the
# parser corpus, the example repository and the stdlib. Run from tests/fuzz.
set -eu
root=../..
files=$(find "$root/tests/corpus" "$root/examples" "$root/stdlib" -name '*.kader' | sort)
mkdir -p corpus/parse corpus/fmt corpus/analyse corpus/lsp
n=0
for f in $files; do
    n=$((n + 1))
    cp "$f" "corpus/parse/$n.kader"
    cp "$f" "corpus/fmt/$n.kader"
    # A language-server session: open the file, then ask every request
    # at line 3, character 5 (see tests/src/lsp_session.rs for the bytes).
    {
        printf '\000\000\001\001'
        cat "$f"
        printf '\377'
        m=0
        while [ $m -lt 16 ]; do
            printf "\\000\\004\\$(printf %03o $m)\\000\\003\\000\\005\\000\\003\\000\\011\\377"
            m=$((m + 1))
        done
    } > "corpus/lsp/$n.bin"
done
# Repositories: the example repository as one input, files split by `%%`,
# and each policy beside the organisation files.
{
    cat "$root/examples/kader.toml"
    for f in $(find "$root/examples" -name '*.kader' | sort); do
        printf '\n%%%%\n'
        cat "$f"
    done
} > corpus/analyse/examples.txt
for f in $(find "$root/examples/beleid" "$root/tests/corpus" -name '*.kader' | sort); do
    n=$((n + 1))
    { cat "$f"; printf '\n%%%%\n'; cat "$root/examples/organisatie/teams.kader"; printf '\n%%%%\n'; cat "$root/examples/kader.toml"; } > "corpus/analyse/$n.txt"
done
echo "seeded: $(ls corpus/parse | wc -l) parse, $(ls corpus/analyse | wc -l) analyse, $(ls corpus/lsp | wc -l) lsp"

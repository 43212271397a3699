#!/usr/bin/env bash
# End-to-end checks of the dyad command line: exit codes, per-document error
# messages, and that good documents are still processed next to bad ones.
# Usage: cli_test.sh path/to/dyad source-dir
set -uo pipefail
dyad=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # name, condition (as a command)
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name"
  fi
}

# --version and --help on every subcommand
check "--version" bash -c "'$dyad' --version | grep -q '^dyad [0-9]'"
for sub in code parse; do
  check "$sub --help" bash -c "'$dyad' $sub --help | grep -q -i 'usage'"
done
"$dyad" nosuchcommand > /dev/null 2>&1
check "unknown subcommand exits 2" test $? -eq 2

# A good document next to bad ones.
cp "$src/samples/aegean-talks.txt" "$tmp/good.txt"
: > "$tmp/empty.txt"
head -c 4096 /dev/urandom > "$tmp/junk.bin"
printf 'Iraq and Iran held talks \xff\xfe on Monday.\n' > "$tmp/badutf8.txt"
truncate -s 200M "$tmp/huge.txt"
{
  echo '{"id": "ok-1", "date": "2024-02-05", "text": "Iran and Iraq signed a border security agreement in Baghdad on Sunday."}'
  echo 'this line is not JSON'
  echo '{"id": "ok-2", "text": "Japan accused China of violating its airspace on Monday, March 11, 2024."}'
} > "$tmp/feed.jsonl"

"$dyad" code --format jsonl "$tmp" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
rc=$?
check "bad inputs give exit status 1" test $rc -eq 1
check "empty file named" grep -q "empty.txt: empty document" "$tmp/err.txt"
check "binary junk named" grep -q "junk.bin: binary content" "$tmp/err.txt"
check "invalid UTF-8 named" grep -q "badutf8.txt: invalid UTF-8 at byte 25" "$tmp/err.txt"
check "200 MB file refused" grep -q "huge.txt: file is 209715200 bytes, over the limit" "$tmp/err.txt"
check "bad JSONL line named" grep -q "feed.jsonl:2: not JSON" "$tmp/err.txt"
check "good JSONL lines still coded" grep -q '"doc_id":"ok-1"' "$tmp/out.jsonl"
check "line after the bad one still coded" grep -q '"doc_id":"ok-2"' "$tmp/out.jsonl"
check "good text file still coded" grep -q '"cameo":"046"' "$tmp/out.jsonl"
check "no crash message" bash -c "! grep -q -i 'segmentation\|abort\|terminate' '$tmp/err.txt'"

# --repair-utf8 accepts the document instead.
"$dyad" code --repair-utf8 "$tmp/badutf8.txt" > "$tmp/repaired.jsonl" 2>&1
check "--repair-utf8 codes the document" test $? -eq 0

# Standard input, and every output format.
for fmt in jsonl table gdelt plover; do
  "$dyad" code --format $fmt - < "$src/samples/aegean-talks.txt" > "$tmp/out.$fmt"
  check "format $fmt from stdin" test -s "$tmp/out.$fmt"
done
check "plover output is a JSON array" python3 -c "import json,sys; a=json.load(open('$tmp/out.plover')); assert isinstance(a, list) and a"
check "gdelt rows have 61 columns" bash -c "awk -F'\t' '{ if (NF != 61) exit 1 }' '$tmp/out.gdelt'"

# parse: CoNLL-U with 10 columns and the token count of the text
"$dyad" parse "$src/samples/aegean-talks.txt" > "$tmp/parse.conllu"
check "parse writes CoNLL-U" bash -c "grep -v '^#' '$tmp/parse.conllu' | awk -F'\t' 'NF && NF != 10 { exit 1 }'"
"$dyad" parse --output json "$src/samples/aegean-talks.txt" > "$tmp/parse.json"
check "parse writes JSON" python3 -c "import json; d=json.load(open('$tmp/parse.json')); assert d['sentences']"

# actors: every mention with its code and dictionary entry
"$dyad" actors --format jsonl "$src/samples/aegean-talks.txt" > "$tmp/actors.jsonl"
check "actors lists mentions with entries" python3 -c "
import json
rows = [json.loads(l) for l in open('$tmp/actors.jsonl')]
assert any(r['code'] == 'TURGOV' and r['text'] == 'Turkish officials' and r['entry'] for r in rows), rows
assert all(0 <= r['span'][0] < r['span'][1] for r in rows)"
"$dyad" actors --unknown "$src/samples" > "$tmp/unknown.txt"
check "actors --unknown on inputs" grep -q "count" "$tmp/unknown.txt"

# dict check: the built-in dictionaries load without errors
check "dict check" bash -c "'$dyad' dict check | grep -q ' 0 errors'"

# --explain lists dropped blocks.
"$dyad" code --explain "$src/samples/aegean-talks.txt" > "$tmp/explain.txt"
check "--explain shows dropped chrome" grep -q "\[clean\] ui-label" "$tmp/explain.txt"

# --merge: one event reported by two articles is one line with two sources;
# undated events of different articles stay apart.
cat > "$tmp/merge.jsonl" <<'JSONL'
{"id":"a","date":"2024-03-15","text":"Iran accused Israel of attacking its embassy on Monday."}
{"id":"b","date":"2024-03-12","text":"On Monday, Iran accused Israel of attacking its embassy in Damascus."}
{"id":"c","text":"Iran accused Israel of lying."}
{"id":"d","text":"Iran accused Israel of lying again."}
JSONL
"$dyad" code --merge "$tmp/merge.jsonl" > "$tmp/merged.jsonl"
check "code --merge counts mentions and sources across articles" python3 -c "
import json
rows = [json.loads(l) for l in open('$tmp/merged.jsonl')]
dated = [r for r in rows if r['date'] == '2024-03-11']
assert len(dated) == 1 and dated[0]['num_mentions'] == 2 and dated[0]['num_sources'] == 2, rows
assert sorted(m['doc_id'] for m in dated[0]['mentions']) == ['a', 'b']
undated = [r for r in rows if r['date'] is None]
assert len(undated) == 2 and all(r['num_sources'] == 1 for r in undated), rows"

# Statements and the comparison: from inputs and from a store, and usage errors.
cat > "$tmp/said.jsonl" <<'JSONL'
{"id":"s1","date":"2024-01-26","text":"The Pentagon said on Thursday that the talks would build a stable bilateral security partnership. In a statement, the Iraqi government emphasized that the coalition mission would end."}
JSONL
"$dyad" statements "$tmp/said.jsonl" > "$tmp/said.out"
check "statements prints one object per statement" python3 -c "
import json
rows = [json.loads(l) for l in open('$tmp/said.out')]
assert [r['speaker']['code'] for r in rows] == ['USAMIL', 'IRQGOV'], rows
assert rows[0]['content']['text'].startswith('the talks would build')"
"$dyad" compare --parties USA,IRQ --format jsonl "$tmp/said.jsonl" > "$tmp/cmp.jsonl"
check "compare from inputs lines up both parties" python3 -c "
import json
rows = [json.loads(l) for l in open('$tmp/cmp.jsonl')]
assert rows and all(r['parties'] == ['USA', 'IRQ'] for r in rows), rows
assert sum(len(r['a']) for r in rows) == 1 and sum(len(r['b']) for r in rows) == 1, rows"
"$dyad" ingest -q --db "$tmp/s.db" "$tmp/said.jsonl" 2> /dev/null
"$dyad" compare --db "$tmp/s.db" --parties usa,irq --format markdown > "$tmp/cmp.md"
check "compare from a store writes a briefing" grep -q '^\*\*IRQ\*\*' "$tmp/cmp.md"
"$dyad" compare --parties USA "$tmp/said.jsonl" > /dev/null 2>&1
check "compare --parties needs two codes (exit 2)" test $? -eq 2
"$dyad" compare --db "$tmp/s.db" --parties USA,IRQ "$tmp/said.jsonl" > /dev/null 2>&1
check "compare takes --db or inputs, not both (exit 2)" test $? -eq 2

# Issue 14, findings 5 and 13: limits and refusals of the command line.
python3 -c "
import sys
w = '1\tGreece\tGreece\tPROPN\tNNP\t_\t0\troot\t_\t_\n'
sys.stdout.write((w + '\n') * 40000)" > "$tmp/big.conllu"  # 1.8 MiB
"$dyad" parse --input conllu --tokens-only --max-bytes 1 "$tmp/big.conllu" > /dev/null 2> "$tmp/conllu.err"
check "parse --input conllu honours --max-bytes (file)" bash -c "test $? -eq 1 && grep -q 'over the limit of 1048576' '$tmp/conllu.err'"
"$dyad" parse --input conllu --tokens-only --max-bytes 1 - < "$tmp/big.conllu" > /dev/null 2> "$tmp/conllu.err"
check "parse --input conllu honours --max-bytes (stdin)" bash -c "test $? -eq 1 && grep -q 'over the limit of 1048576' '$tmp/conllu.err'"
ln -s "$tmp/loop2.txt" "$tmp/loop1.txt"
ln -s "$tmp/loop1.txt" "$tmp/loop2.txt"
"$dyad" code "$tmp/loop1.txt" > /dev/null 2> "$tmp/loop.err"
check "symlink loop reported as such" grep -q "loop1.txt: symbolic link loop" "$tmp/loop.err"
printf 'Dear all,\nthe meeting [USA] is moved to Monday.\nRegards\nBob\n' > "$tmp/letter.txt"
"$dyad" dict check --no-builtin "$tmp/letter.txt" > "$tmp/dict.out" 2>&1
check "dict check refuses header-less garbage" bash -c "test $? -eq 1 && grep -q 'letter.txt: not a dictionary' '$tmp/dict.out'"

echo "$passed passed, $failed failed"
test $failed -eq 0

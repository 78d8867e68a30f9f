#!/usr/bin/env bash
# Issue 13: a supervisor's correction, retrained the way Edit > "Retrain from corrections…"
# does, changes the label of that kind of sentence in a NEW call. About 10 minutes here.
# Everything happens in a temporary CALLSCOPE_HOME: the shipped weights are not touched.
#   bash scripts/demo_retrain/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
WORK=$(mktemp -d)
export CALLSCOPE_HOME=$WORK/home
HERE=scripts/demo_retrain
for c in corrected_call new_call; do
  $PY -m scripts.callsynth $HERE/$c.json $WORK/$c.wav --rate 8000 --encoding ulaw >/dev/null
done
label_of() {  # library, text fragment -> "label confidence text" of the agent sentence
  $PY main.py export --db "$1" --format json --out $WORK/out.json >/dev/null
  $PY - "$2" $WORK/out.json <<'PYEOF'
import json, sys
frag, path = sys.argv[1].lower(), sys.argv[2]
for call in json.load(open(path)):
    for s in call["sentences"]:
        if s["speaker"] == "agent" and frag in s["text"].lower():
            print(call["classifier_version"], s["label"], round(s["confidence"] or 0, 2), s["text"])
PYEOF
}
echo "1. the shipped model on the new call:"
$PY main.py analyze $WORK/new_call.wav --db $WORK/before.db --jobs 1 >/dev/null 2>&1
label_of $WORK/before.db "moving along"
echo "2. a call analysed, and the supervisor corrects its 'moving along' sentence to rush_cue:"
$PY main.py analyze $WORK/corrected_call.wav --db $WORK/lib.db --jobs 1 >/dev/null 2>&1
$PY - $WORK/lib.db <<'PYEOF'
import sys
from app.storage.library import Library
with Library(sys.argv[1]) as lib:
    s = next(s for s in lib.get_analysis(1).sentences if "moving along" in s.text.lower())
    print("   ", s.label, "->", "rush_cue:", s.text)
    lib.correct_label(1, s.id, "rush_cue")  # what Review's label editor stores
PYEOF
echo "3. retrain from corrections (the command Edit > Retrain runs):"
$PY main.py train --with-corrections --reanalyze --db $WORK/lib.db --quiet 2>/dev/null
echo "4. the new call analysed with the retrained model:"
$PY main.py analyze $WORK/new_call.wav --db $WORK/after.db --jobs 1 >/dev/null 2>&1
label_of $WORK/after.db "moving along"
rm -rf "$WORK"

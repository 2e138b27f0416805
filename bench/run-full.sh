#!/bin/bash
# The README's figures: each bench's --full profile, one after another (never two at once).
cd "$(dirname "$0")/.."
mkdir -p bench/out
for spec in "fanout --full" "pages --full --explain" "posting --full"; do
  name=${spec%% *}; args=${spec#* }
  echo "== $spec $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> bench/out/full-times.txt
  timeout 2400 .venv/bin/python bench/$name.py $args > bench/out/full-$name.txt 2>&1
  echo "rc=$? $(date +%T)" >> bench/out/full-times.txt
done

#!/usr/bin/env bash
# Builds the evaluation corpus that eval/questions.jsonl is written against:
#   DIR/man/NAME.pdf        groff-rendered man pages (man -Tpdf)
#   DIR/python/library/*.html  the Python library reference from Debian's python3-doc
# usage: scripts/make-eval-corpus.sh DIR
set -euo pipefail
out="${1:?usage: make-eval-corpus.sh DIR}"
pages="bash tar find grep sed git ssh curl make"
need=""
for p in groff man-db python3-doc git openssh-client curl make tar findutils grep sed; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
fi
mkdir -p "$out/man" "$out/python/library"
for name in $pages; do
  [ -s "$out/man/$name.pdf" ] || man -Tpdf "$name" > "$out/man/$name.pdf"
done
docs=$(dirname "$(readlink -f /usr/share/doc/python3-dev/html/library/index.html 2>/dev/null || ls -d /usr/share/doc/python3*-doc/html/library/index.html | head -1)")
cp -n "$docs"/*.html "$out/python/library/"
echo "corpus in $out: $(ls "$out/man" | wc -l) PDFs, $(ls "$out/python/library" | wc -l) HTML pages"

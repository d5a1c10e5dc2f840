#!/bin/sh
# Creates every clip of assets/voice/clips.txt that is missing from
# assets/voice/vi/, with espeak-ng (voice vi), then trims the leading and
# trailing silence with sox so that clips join without holes, and brings
# the new clips to the voice's loudness (EBU R128, true peak under -1 dBFS)
# with `goiso-display voice normalize` ($GOISO_DISPLAY, when set). Existing
# files are kept: a clip recorded by hand and dropped here is never
# overwritten. The clips are built, not committed, to keep the tree small.
#
#   sh assets/voice/make-clips.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/vi}
list=$here/clips.txt

for tool in espeak-ng sox; do
	command -v $tool >/dev/null 2>&1 || {
		echo "make-clips: $tool not found (make deps installs it)" >&2; exit 1; }
done
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

made=0
tab=$(printf '\t')
while IFS="$tab" read -r name text; do
	case $name in ''|'#'*) continue ;; esac
	[ -s "$out/$name.wav" ] && continue
	espeak-ng -v vi -s 150 -w "$tmp/raw.wav" "$text"
	# silence 1 ...: cut from the start until sound above 0.5 %; reverse,
	# cut again, reverse back: trims both ends. Then 22050 Hz mono 16-bit,
	# the format goiso-display plays (it converts other formats anyway).
	sox "$tmp/raw.wav" -r 22050 -c 1 -b 16 "$tmp/trim.wav" \
		silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
	mv "$tmp/trim.wav" "$out/$name.wav"
	made=$((made + 1))
done < "$list"
if [ -n "${GOISO_DISPLAY:-}" ]; then
	# Every clip, new or dropped here by hand; those already leveled carry
	# a mark and are left as they are.
	"$GOISO_DISPLAY" voice normalize "$out"/*.wav
fi
[ $made -eq 0 ] || echo "make-clips: $made clips created in $out"

#!/bin/sh
# it_options.sh [BUILD_DIR]: a number option that is not a whole number in
# its range ("5x", "", "-1", "abc") is refused by name, before anything
# starts (the kiosk, the panel, pairing, the report): a kiosk with a malformed --kiosk used to run as kiosk 5 with
# "5x", a panel with --counter 5x as counter 5, and a bad --print-timeout
# or --paper silently fell back to another value. The same options with
# good values go on to the next step (a sample ticket, the pairing code's
# check), so the refusal is the number's, not the option's. An option a
# program does not have is refused as unknown, by its own name.

. "$(dirname "$0")/shtest.sh"

export HOME="$T/home" GOISO_KEY="$T/none.key" SDL_VIDEODRIVER=dummy
mkdir -p "$HOME"

# refused NAME WANT PROGRAM ARGS...: exits 2, saying WANT, starting nothing.
refused() {
	name=$1 want=$2; shift 2
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	case $out in
	*"$want"*) if [ "$rc" = 2 ]; then ok "$name"; else bad "$name: exit $rc, not 2: $out"; fi ;;
	*) bad "$name: no '$want' in: $out" ;;
	esac
}

# kiosks are numbered 1 to 99, as goiso-display pair --kiosk makes them
for v in 5x "" -1 abc 100 99999999999999999999; do
	refused "goiso-kiosk --kiosk '$v' is refused" "--kiosk: cần một số nguyên từ 1 đến 99," \
		"$B/goiso-kiosk" --kiosk "$v" --sample-ticket "$T/s.png"
done
for v in 5x "" -1 abc 1000 99999999999999999999; do
	refused "goiso-caller --counter '$v' (the panel) is refused" "--counter: cần một số nguyên từ 1 đến 999" \
		"$B/goiso-caller" --counter "$v" --connect 127.0.0.1:9
done
# (int)4294967297 is 1: the director's report read it as counter 1
for v in 4294967297 5x 0 ""; do
	refused "goiso-report --counter '$v' is refused" "bad counter number" \
		"$B/goiso-report" --counter "$v" "$T/none.db"
done
refused "goiso-kiosk --paper 80x is refused" "--paper" "$B/goiso-kiosk" --paper 80x --sample-ticket "$T/s.png"
refused "goiso-kiosk --paper 70 is refused" "--paper 58 hoặc 80" "$B/goiso-kiosk" --paper 70 --sample-ticket "$T/s.png"
refused "goiso-kiosk --print-timeout abc is refused" "--print-timeout: cần một số nguyên" \
	"$B/goiso-kiosk" --print-timeout abc --sample-ticket "$T/s.png"
refused "goiso-kiosk --print-timeout 0 is refused" "--print-timeout: cần một số nguyên" \
	"$B/goiso-kiosk" --print-timeout 0 --sample-ticket "$T/s.png"
refused "goiso-kiosk --demo 2s is refused" "--demo: cần một số nguyên" \
	"$B/goiso-kiosk" --demo 2s --sample-ticket "$T/s.png"
refused "goiso-caller --rating-seconds 30s is refused" "--rating-seconds: cần một số nguyên từ 3 đến 600" \
	"$B/goiso-caller" --counter 3 --rating-seconds 30s --connect 127.0.0.1:9
refused "goiso-caller pair CODE --counter 5x is refused" "usage: goiso-caller pair" \
	"$B/goiso-caller" pair 7KQM-4XRT --counter 5x --connect 127.0.0.1:9
refused "goiso-kiosk pair CODE --kiosk 0 is refused" "usage: goiso-caller pair" \
	"$B/goiso-kiosk" pair 7KQM-4XRT --kiosk 0 --connect 127.0.0.1:9
check "no key was written by a refused pairing" test ! -e "$GOISO_KEY"

# the display's own number options, by the same rule
refused "goiso-display voice record --countdown 3s is refused" "--countdown wants whole seconds" \
	"$B/goiso-display" voice record --countdown 3s --dir "$T/clips"
refused "goiso-display backup --keep 2x is refused" "usage: goiso-display backup" \
	"$B/goiso-display" backup --keep 2x "$T/backups/"
refused "goiso-display pair --minutes ' 5' is refused" "usage: goiso-display pair" \
	"$B/goiso-display" pair --minutes " 5" --data "$T/nodata"
refused "goiso-display --window 1920x1080x is refused" "--window wants WxH" \
	"$B/goiso-display" --window 1920x1080x --screenshot "$T/w.png"
refused "goiso-kiosk --window 1080x1920x is refused" "--window WxH" \
	"$B/goiso-kiosk" --window 1080x1920x --sample-ticket "$T/s.png"

# --data naming a file: said as such, before any "first set-up"
: > "$T/afile"
out=$("$B/goiso-display" --data "$T/afile" --headless --no-mdns --listen 127.0.0.1:0 2>&1 </dev/null)
case $out in
*"first set-up"*) bad "--data naming a file went on to a first set-up: $out" ;;
*"data directory $T/afile: Not a directory"*) ok "goiso-display --data naming a file is refused as not a directory" ;;
*) bad "--data naming a file: $out" ;;
esac
# An option a program does not have is named as unknown, not asked for a
# value ("--bogus cần một giá trị"), nor mistaken for the option before it;
# a known option without its value says it needs one.
refused "goiso-caller --bogus is unknown" "không có tùy chọn '--bogus'" "$B/goiso-caller" --bogus
refused "goiso-caller next --bogus is unknown" "không có tùy chọn '--bogus'" "$B/goiso-caller" next --bogus
refused "goiso-caller --rating-window --bogus: --bogus is the unknown one" "không có tùy chọn '--bogus'" \
	"$B/goiso-caller" --rating-window --bogus
refused "goiso-caller --counter 3 --bogus (the panel) is unknown" "không có tùy chọn '--bogus'" \
	"$B/goiso-caller" --counter 3 --bogus
refused "goiso-caller --rating-window next: the panel's option, not a command's" \
	"--rating-window chỉ dùng cho bảng điều khiển" "$B/goiso-caller" --rating-window next
refused "goiso-kiosk --headless is unknown" "không có tùy chọn '--headless'" "$B/goiso-kiosk" --headless
refused "goiso-caller next --connect wants a value" "--connect cần một giá trị" "$B/goiso-caller" next --connect
refused "goiso-caller --counter 3 --font (the panel) wants a value" "--font cần một giá trị" \
	"$B/goiso-caller" --counter 3 --font
refused "goiso-kiosk --printer wants a value" "--printer cần một giá trị" "$B/goiso-kiosk" --printer
# on a PC paired as a counter (no command: the panel), --version is answered
printf 'counter=3\nsite=\n' >"$T/paired.key.site"
out=$(GOISO_KEY="$T/paired.key" "$B/goiso-caller" --version 2>&1)
case $out in "goiso-caller "[0-9]*) ok "goiso-caller --version on a paired PC prints the version" ;;
	*) bad "goiso-caller --version on a paired PC: $out" ;; esac

# the same options with good values reach the next step
out=$("$B/goiso-kiosk" --kiosk 2 --paper 58 --print-timeout 2500 --demo 5 --sample-ticket "$T/s.png" 2>&1)
check "good values are taken: a 58 mm sample ticket is drawn${out:+ ($out)}" test -s "$T/s.png"
out=$("$B/goiso-caller" pair 7KQM-4XRT! --counter 5 --connect 127.0.0.1:9 2>&1)
case $out in *"không phải mã ghép nối"*) ok "pair --counter 5 is taken: the code is checked next" ;;
	*) bad "pair --counter 5: $out" ;; esac
out=$("$B/goiso-kiosk" pair 7KQM-4XRT! --kiosk 12 --connect 127.0.0.1:9 2>&1)
case $out in *"không phải mã ghép nối"*) ok "pair --kiosk 12 is taken: the code is checked next" ;;
	*) bad "pair --kiosk 12: $out" ;; esac
finish

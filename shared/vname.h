/*
 * vname: a person's name as typed, brought to one form (pure).
 *
 * Officers type their names at every login with their PC's Vietnamese
 * input method. Depending on its settings ("Unicode dựng sẵn" or "Unicode
 * tổ hợp") the same letter comes as one precomposed code point (NFC, "ệ")
 * or as a letter and combining marks (NFD, "e" U+0302 U+0323, or the marks
 * in the order they were typed); people also add spaces and change
 * capitals. The display logs the one form, and the report compares by it,
 * so that one officer is one row.
 */
#ifndef GOISO_VNAME_H
#define GOISO_VNAME_H

#include <stddef.h>

/* Writes src's one form into dst (n > 0 bytes, always terminated):
 *  - an ASCII letter or a precomposed Latin letter, followed by at most one
 *    vowel mark (U+0302 circumflex, U+0306 breve, U+031B horn) and at most
 *    one tone mark (U+0300, U+0301, U+0303, U+0309, U+0323) in any order,
 *    becomes the precomposed letter when Unicode has one (its NFC: "ệ",
 *    "ở", "ữ"); otherwise those bytes are kept as they came;
 *  - spaces (space, tab, no-break space) at either end are dropped and a
 *    run of them inside becomes one space;
 *  - every other byte, invalid UTF-8 included, is copied as it came.
 * A result longer than n - 1 bytes is cut before the first character that
 * does not fit. Normalizing the result again gives it back unchanged.
 * Returns the length written. */
size_t vname_normalize(char *dst, size_t n, const char *src);

/* vname_normalize, then lower case for ASCII and the precomposed letters
 * of Vietnamese (Đ, Ấ, Ự ...): two names people would call the same fold
 * to the same bytes ("nguyễn thị lan", "Nguyễn  Thị Lan "). Returns the
 * length written. */
size_t vname_fold(char *dst, size_t n, const char *src);

#endif

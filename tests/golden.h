/*
 * golden: frames compared with the golden images in tests/golden/, at full
 * size. A pixel counts as changed when one of its channels moves by more
 * than GOLDEN_TOL (room for a FreeType build that smooths an edge a little
 * differently); a frame differs when more than GOLDEN_MAX_PIXELS changed.
 * One wrong glyph, even among the board's smallest digits, changes several
 * hundred pixels (tests/test_board.c proves it).
 *
 * To renew a golden image after a deliberate change, run the test with
 * GOISO_UPDATE_GOLDEN=1, recompress with tests/golden/pngz.py, and look at
 * every image before committing it.
 */
#ifndef GOISO_TEST_GOLDEN_H
#define GOISO_TEST_GOLDEN_H

#define GOLDEN_DIR "tests/golden"
#define GOLDEN_TOL 48
#define GOLDEN_MAX_PIXELS 40

/* Changed pixels between the PNG at shot and tests/golden/NAME.png, the
 * bottom skip_rows rows left out (a line that shows a random port); -1
 * when either cannot be read (the test has failed). With
 * GOISO_UPDATE_GOLDEN=1 the golden image is first written from shot. */
long golden_diff(const char *name, const char *shot, int skip_rows);
/* Fails the current test when shot differs from its golden image. */
void golden_check(const char *name, const char *shot, int skip_rows);

#endif

/*
 * Clip files on disk: their modes. The display may run as another user
 * than the one who built or recorded the clips (the package's goiso, or
 * nobody), so a clip is readable by all: a new one is 0644 under the
 * umask, one rewritten in place (normalized, recorded again) keeps its
 * mode, and its owner when root rewrites it; `goiso-display voice
 * normalize` does not take the display's private umask (077) with it.
 */
#include "test.h"
#include "voice.h"
#include "voice_files.h"
#include "wav.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define R VOICE_RATE

static int16_t *tone(size_t n)
{
	int16_t *x = malloc(n * sizeof *x);
	for (size_t i = 0; i < n; i++) x[i] = (int16_t)(6000 * sin(2 * M_PI * 440 * (double)i / R));
	return x;
}

static int mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

TEST(voice_file_write_new_clips_readable_rewritten_keep_mode)
{
	char path[600], part[620], err[300];
	size_t n = R / 2;
	int16_t *x = tone(n);
	snprintf(path, sizeof path, "%s/ba.wav", test_tmpdir());
	snprintf(part, sizeof part, "%s.part", path);
	umask(022);                                  /* the usual one */
	REQUIRE(voice_file_write(path, x, n, R, true, err, sizeof err) == 0);
	CHECK_INT_EQ(mode_of(path), 0644);
	/* the display's own umask (077) when it rewrites a clip in place */
	umask(077);
	REQUIRE(voice_file_write(path, x, n, R, true, err, sizeof err) == 0);
	CHECK_INT_EQ(mode_of(path), 0644);
	REQUIRE(chmod(path, 0640) == 0);             /* a site's choice, kept too */
	REQUIRE(voice_file_write(path, x, n, R, false, err, sizeof err) == 0);
	CHECK_INT_EQ(mode_of(path), 0640);
	CHECK(access(part, F_OK) != 0);
	if (geteuid() == 0) {                        /* root rewrites nobody's clip */
		REQUIRE(chown(path, 65534, 65534) == 0);
		REQUIRE(voice_file_write(path, x, n, R, true, err, sizeof err) == 0);
		struct stat st;
		REQUIRE(stat(path, &st) == 0);
		CHECK_INT_EQ(st.st_uid, 65534);
		CHECK_INT_EQ(st.st_gid, 65534);
		CHECK_INT_EQ(st.st_mode & 07777, 0640);
	}
	/* a new clip under a strict umask: the umask has the last word */
	snprintf(path, sizeof path, "%s/bon.wav", test_tmpdir());
	REQUIRE(voice_file_write(path, x, n, R, true, err, sizeof err) == 0);
	CHECK_INT_EQ(mode_of(path), 0600);
	/* an error still names the file and the reason */
	snprintf(path, sizeof path, "%s/no/such/dir/ba.wav", test_tmpdir());
	CHECK(voice_file_write(path, x, n, R, true, err, sizeof err) == -1);
	CHECK(strstr(err, "cannot write ") && strstr(err, "No such file or directory"));
	free(x);
}

/* make voice levels every clip with goiso-display voice normalize: a 0644
 * clip stays 0644, so a display of another user can read it. The voice
 * commands run under the user's umask, not the display's private one:
 * voice record makes its directory 0755 (with nothing to record it opens
 * no microphone; test_voice_record.c checks a recorded clip). */
TEST(voice_normalize_and_record_leave_clips_readable)
{
	char path[600], dir[600], cmd[1400], err[300];
	const char *build = getenv("GOISO_BUILD");
	size_t n = R / 2, got;
	int16_t *x = tone(n);
	snprintf(path, sizeof path, "%s/hai.wav", test_tmpdir());
	umask(022);
	REQUIRE(voice_file_write(path, x, n, R, false, err, sizeof err) == 0);   /* not leveled */
	REQUIRE(mode_of(path) == 0644);
	snprintf(cmd, sizeof cmd, "%s/goiso-display voice normalize %s", build ? build : "build/san",
	         path);
	int st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	bool leveled = false;
	int16_t *y = voice_file_read(path, R, &got, &leveled, err, sizeof err);
	CHECK(y && leveled);                         /* it was rewritten */
	CHECK_INT_EQ(mode_of(path), 0644);
	snprintf(dir, sizeof dir, "%s/site", test_tmpdir());
	snprintf(cmd, sizeof cmd, "%s/goiso-display voice record --dir %s --only no_such_clip "
	         "> /dev/null", build ? build : "build/san", dir);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_INT_EQ(mode_of(dir), 0755);
	free(y);
	free(x);
}

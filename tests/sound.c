/*
 * sound: a private PulseAudio server for tests and benchmarks (a null sink
 * whose monitor is recorded with parec), and the comparison of what it
 * recorded with the buffers goiso rendered (10 ms RMS envelopes).
 *
 * The server runs as our child with HOME and XDG_RUNTIME_DIR in the test's
 * own directory and its socket there; PULSE_SERVER points at it, so nothing
 * touches a system or user server.
 */
#include "sound.h"
#include "test.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void *sound_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)(n > 0 ? n : 0) + 1);   /* +1: room for a NUL */
	*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	return b;
}

/* RMS of each 10 ms window. */
double *sound_envelope(const int16_t *x, size_t n, size_t *nw)
{
	*nw = n / SOUND_WIN;
	double *e = calloc(*nw + 1, sizeof *e);
	for (size_t w = 0; w < *nw; w++) {
		double s = 0;
		for (size_t i = 0; i < SOUND_WIN; i++) s += (double)x[w * SOUND_WIN + i] * x[w * SOUND_WIN + i];
		e[w] = sqrt(s / SOUND_WIN);
	}
	return e;
}

/* First and one-past-last window louder than the threshold. */
void sound_active(const double *e, size_t n, size_t *a, size_t *b)
{
	*a = *b = 0;
	for (size_t i = 0; i < n; i++)
		if (e[i] > 150) {
			if (*b == 0) *a = i;
			*b = i + 1;
		}
}

double sound_corr(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
	for (size_t i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
	}
	return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}

static pid_t spawn(char *const argv[], const char *out, const char *home)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("HOME", home, 1);
		setenv("XDG_RUNTIME_DIR", home, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

int sound_server_start(struct sound_server *p)
{
	char pa[600], log[600], load[700];
	snprintf(pa, sizeof pa, "%s/ci.pa", p->dir);
	snprintf(log, sizeof log, "%s/pulse.log", p->dir);
	FILE *f = fopen(pa, "w");
	/* goiso_mic: a second null sink whose monitor serves as a microphone
	 * the tests speak into (voice record). */
	fprintf(f, "load-module module-null-sink sink_name=goiso_test\n"
	        "load-module module-null-sink sink_name=goiso_mic\n"
	        "set-default-sink goiso_test\n"
	        "load-module module-native-protocol-unix socket=%s auth-anonymous=1\n", p->sock);
	fclose(f);
	unlink(p->sock);
	snprintf(load, sizeof load, "%s", pa);
	char *argv[] = { "pulseaudio", "-n", "-F", load, "--daemonize=no",
	                 "--exit-idle-time=-1", "--log-target=stderr", NULL };
	p->pid = spawn(argv, log, p->dir);
	for (int i = 0; i < 100; i++) {
		struct stat st;
		if (stat(p->sock, &st) == 0) return 0;
		usleep(50000);
	}
	return -1;
}

void sound_kill(pid_t *pid, int sig)
{
	if (*pid <= 0) return;
	kill(*pid, sig);
	waitpid(*pid, NULL, 0);
	*pid = 0;
}

int sound_server_setup(struct sound_server *p)
{
	memset(p, 0, sizeof *p);
	snprintf(p->dir, sizeof p->dir, "%s", test_tmpdir());
	snprintf(p->sock, sizeof p->sock, "%s/pulse.sock", p->dir);
	snprintf(p->raw, sizeof p->raw, "%s/monitor.raw", p->dir);
	char server[620];
	snprintf(server, sizeof server, "unix:%s", p->sock);
	setenv("PULSE_SERVER", server, 1);
	return sound_server_start(p);
}

void sound_record_start(struct sound_server *p)
{
	char *argv[] = { "parec", "-d", "goiso_test.monitor", "--raw", "--format=s16le",
	                 "--rate=22050", "--channels=1", "--latency-msec=20", NULL };
	p->rec = spawn(argv, p->raw, p->dir);
	/* Recording has begun once the monitor's samples (silence) arrive: on
	 * a loaded machine parec may take longer than a fixed wait. */
	struct stat st;
	for (int i = 0; i < 100 && (stat(p->raw, &st) != 0 || st.st_size < 4410); i++)
		usleep(30000);
	usleep(100000);
}

/* Stops the recorder; returns the samples recorded. */
int16_t *sound_record_stop(struct sound_server *p, size_t *n)
{
	usleep(300000);
	sound_kill(&p->rec, SIGINT);
	size_t len;
	int16_t *x = sound_slurp(p->raw, &len);
	*n = len / 2;
	return x;
}

void sound_server_stop(struct sound_server *p)
{
	sound_kill(&p->rec, SIGINT);
	sound_kill(&p->pid, SIGTERM);
	unsetenv("PULSE_SERVER");
}

/* Walks the recording announcement by announcement: each must be found,
 * whole, right after the previous one (within 0.5 s). Returns how many. */
int sound_align(const double *er, size_t nr, size_t start, double *const *ew,
                 const size_t *nw, int count, double *worst)
{
	return sound_align_at(er, nr, start, ew, nw, count, worst, NULL);
}

int sound_align_at(const double *er, size_t nr, size_t start, double *const *ew,
                   const size_t *nw, int count, double *worst, size_t *where)
{
	size_t p = start;
	*worst = 1;
	for (int k = 0; k < count; k++) {
		double best = -1;
		size_t at = p;
		for (size_t o = p >= 5 ? p - 5 : 0; o <= p + 50; o++) {
			if (o + nw[k] > nr) break;
			double c = sound_corr(er + o, ew[k], nw[k]);
			if (c > best) { best = c; at = o; }
		}
		if (best < 0.9) return k;
		if (where) where[k] = at;
		if (best < *worst) *worst = best;
		p = at + nw[k];
	}
	return count;
}


double sound_match(const int16_t *rec, size_t n, const int16_t *want, size_t k)
{
	size_t nw, wa, wb;
	double best = 0, *ew = sound_envelope(want, k, &nw);
	sound_active(ew, nw, &wa, &wb);
	/* Windows of the recording start anywhere in the render's windows:
	 * try phases 1 ms apart and shifts of up to 50 ms around the onset. */
	for (size_t ph = 0; ph < SOUND_WIN && ph < n && wb > wa; ph += SOUND_WIN / 10) {
		size_t nr, ra, rb;
		double *er = sound_envelope(rec + ph, n - ph, &nr);
		sound_active(er, nr, &ra, &rb);
		for (size_t o = ra >= 5 ? ra - 5 : 0; o <= ra + 5; o++) {
			if (o + (wb - wa) > nr) break;
			double c = sound_corr(er + o, ew + wa, wb - wa);
			if (c > best) best = c;
		}
		free(er);
	}
	free(ew);
	return best;
}

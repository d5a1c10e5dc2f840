/*
 * The peak-hour policy: who is said in full and who short, that nothing is
 * dropped or reordered, and that a RECALL of a waiting call adds nothing.
 */
#include "test.h"
#include "voice_queue.h"

static struct voice_job job(const char *label, int counter, bool recall)
{
	struct voice_job j = { "", counter, recall, false, 0, 0, PLAYLIST_FULL };
	snprintf(j.label, sizeof j.label, "%s", label);
	return j;
}

/* The queue's content as "A001/1:F A002/2:S ..." (popped, so emptied). */
static void drain(struct voice_queue *q, char *out, size_t len)
{
	struct voice_job j;
	size_t at = 0;
	out[0] = 0;
	while (voice_queue_pop(q, &j) && at < len)
		at += (size_t)snprintf(out + at, len - at, "%s%s/%d:%c", at ? " " : "", j.label,
		                       j.counter, j.form == PLAYLIST_SHORT ? 'S' : 'F');
}

TEST(voice_queue_idle_call_is_full_waiting_ones_short)
{
	struct voice_queue *q = voice_queue_new();
	char s[512];
	struct voice_job j = job("A001", 1, false);
	REQUIRE(q != NULL);
	CHECK_INT_EQ(voice_queue_push(q, &j, false), VOICE_QUEUED);
	drain(q, s, sizeof s);
	CHECK_STR_EQ(s, "A001/1:F");
	/* A burst: the first finds the voice idle, the others wait. */
	const char *labels[4] = { "A001", "B002", "A003", "C004" };
	for (int i = 0; i < 4; i++) {
		j = job(labels[i], i + 1, false);
		CHECK_INT_EQ(voice_queue_push(q, &j, false), VOICE_QUEUED);
	}
	CHECK_INT_EQ(voice_queue_len(q), 4);
	drain(q, s, sizeof s);
	CHECK_STR_EQ(s, "A001/1:F B002/2:S A003/3:S C004/4:S");
	/* A call while one is being spoken waits: short. */
	j = job("A005", 5, false);
	CHECK_INT_EQ(voice_queue_push(q, &j, true), VOICE_QUEUED);
	drain(q, s, sizeof s);
	CHECK_STR_EQ(s, "A005/5:S");
	voice_queue_free(q);
	voice_queue_free(NULL);
}

TEST(voice_queue_recall_of_waiting_call_adds_nothing)
{
	struct voice_queue *q = voice_queue_new();
	char s[512];
	struct voice_job a = job("A001", 1, false), b = job("A002", 2, false);
	struct voice_job rb = job("A002", 2, true), ra = job("A001", 1, true);
	struct voice_job other = job("A002", 3, true);
	CHECK_INT_EQ(voice_queue_push(q, &a, true), VOICE_QUEUED);
	CHECK_INT_EQ(voice_queue_push(q, &b, true), VOICE_QUEUED);
	CHECK_INT_EQ(voice_queue_push(q, &rb, true), VOICE_MERGED);
	CHECK_INT_EQ(voice_queue_push(q, &ra, true), VOICE_MERGED);
	/* The same label at another counter is another call. */
	CHECK_INT_EQ(voice_queue_push(q, &other, true), VOICE_QUEUED);
	drain(q, s, sizeof s);
	CHECK_STR_EQ(s, "A001/1:S A002/2:S A002/3:S");
	/* Once spoken (popped), a recall is said again. */
	CHECK_INT_EQ(voice_queue_push(q, &ra, false), VOICE_QUEUED);
	drain(q, s, sizeof s);
	CHECK_STR_EQ(s, "A001/1:F");
	voice_queue_free(q);
}

/* Hundreds waiting (the ring grows, wraps): none lost, order kept. */
TEST(voice_queue_never_drops_or_reorders)
{
	struct voice_queue *q = voice_queue_new();
	struct voice_job j;
	int next = 0, ok = 1;
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 13; i++) {
			char l[16];
			snprintf(l, sizeof l, "A%03d", round * 13 + i);
			j = job(l, i + 1, false);
			CHECK_INT_EQ(voice_queue_push(q, &j, true), VOICE_QUEUED);
		}
		for (int i = 0; i < 7 && voice_queue_pop(q, &j); i++, next++) {
			char l[16];
			snprintf(l, sizeof l, "A%03d", next);
			ok &= strcmp(j.label, l) == 0;
		}
	}
	while (voice_queue_pop(q, &j)) {
		char l[16];
		snprintf(l, sizeof l, "A%03d", next++);
		ok &= strcmp(j.label, l) == 0;
	}
	CHECK(ok);
	CHECK_INT_EQ(next, 40 * 13);
	CHECK_INT_EQ(voice_queue_clear(q), 0);
	voice_queue_free(q);
}

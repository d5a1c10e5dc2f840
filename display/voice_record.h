/*
 * voice_record: `goiso-display voice record`, the guided recording of the
 * center's own voice (see voice_record.c for the session).
 */
#ifndef GOISO_VOICE_RECORD_H
#define GOISO_VOICE_RECORD_H

struct config;

/* argv[0] is the program, argv[1] "record". 0 when the session ended
 * (stopped or done), 1 when sound failed, 2 on a usage error. */
int voice_record_main(int argc, char **argv, const struct config *cfg);

#endif

build/san/tests/test_engine.o: tests/test_engine.c tests/test.h \
 shared/config.h shared/engine.h shared/config.h
tests/test.h:
shared/config.h:
shared/engine.h:
shared/config.h:

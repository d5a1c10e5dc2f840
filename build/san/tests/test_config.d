build/san/tests/test_config.o: tests/test_config.c tests/test.h \
 shared/config.h
tests/test.h:
shared/config.h:

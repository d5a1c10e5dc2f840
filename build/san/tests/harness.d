build/san/tests/harness.o: tests/harness.c tests/test.h
tests/test.h:

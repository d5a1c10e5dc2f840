build/san/tests/test_proto.o: tests/test_proto.c tests/test.h \
 shared/proto.h
tests/test.h:
shared/proto.h:

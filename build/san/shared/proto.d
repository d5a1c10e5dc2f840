build/san/shared/proto.o: shared/proto.c shared/proto.h
shared/proto.h:

build/san/shared/config.o: shared/config.c shared/config.h
shared/config.h:

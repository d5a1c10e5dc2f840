build/san/shared/engine.o: shared/engine.c shared/engine.h \
 shared/config.h
shared/engine.h:
shared/config.h:

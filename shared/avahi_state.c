/*
 * avahi_state: one avahi-client state callback (see avahi_state.h),
 * exhaustive over Avahi's states, as Avahi's own examples switch.
 */
#include "avahi_state.h"

void avahi_state_changed(AvahiClient *c, AvahiClientState state, void *ops)
{
	const struct avahi_state_ops *o = ops;
	switch (state) {
	case AVAHI_CLIENT_S_RUNNING:
		o->running(o->ud, c);
		break;
	case AVAHI_CLIENT_S_COLLISION:
	case AVAHI_CLIENT_S_REGISTERING:
		if (o->withdraw) o->withdraw(o->ud);
		break;
	case AVAHI_CLIENT_CONNECTING:
		o->waiting(o->ud);
		break;
	case AVAHI_CLIENT_FAILURE:
		o->lost(o->ud, avahi_client_errno(c));
		break;
	}
}

/*
 * The printer's link: a device that never stops sending (here /dev/zero,
 * which answers every read) is a printer fault, said, not a kiosk that
 * reads it for ever. (With --printer /dev/full the kiosk spun at 100 % of
 * a core and did not even stop on SIGTERM.)
 */
#include "test.h"

#include "printer.h"

TEST_TIMEOUT(printer_that_never_stops_sending_is_a_fault_not_a_hang, 20)
{
	char err[300], why[300] = "";
	struct printer *p = printer_new("/dev/zero", 500, err, sizeof err);
	REQUIRE(p != NULL);
	CHECK(printer_status(p, why, sizeof why) < 0);
	CHECK(strstr(why, "sends bytes without being asked") != NULL);
	printer_free(p);
}

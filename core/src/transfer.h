/* The hand-off to the vendor's transmitter: its server line, its storage ids, finding and running it. */
#ifndef SP_TRANSFER_H
#define SP_TRANSFER_H

#include "farm.h"

#define SP_TRANSMITTER "rayvision_transmitter"

typedef struct {
	char engine[32]; /* "aspera", "raysyncproxy" */
	char server[256];
	char port[16];
	char input_bid[64];
	char output_bid[64];
} sp__transfer_line;

/* Storage ids and the default line of `engine` (NULL: the farm's default engine); placeholders in a dry run.
 */
int sp__transfer_config(sp__transfer_line *t, sp_farm *farm, const char *engine);

/*
 * The transmitter: `given` (a flag), else $RAYVISION_TRANSMITTER, else on
 * PATH.  SP_ENOTFOUND names the ways to give it and, when `skip_hint` is not
 * NULL, how to do without.
 */
int sp__find_transmitter(sp_buf *out, sp_farm *farm, const char *given, const char *skip_hint);

/*
 * Run `argv` (argv[0] the transmitter), passing each line it prints to `cb`
 * as "transfer: LINE".  A dry run reports "would run: ..." instead.  SP_EIO
 * when it exits with a non-zero status.
 */
int sp__run_transmitter(sp_farm *farm, const char *const *argv, sp_submit_output_fn cb, void *payload);

#endif

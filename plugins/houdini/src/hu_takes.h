/*
 * Houdini takes (the .takes member).  A take overrides some parameters and
 * flags of some nodes; it inherits the overrides of its parent takes, Main
 * at the root.  A ROP renders with the take its `take` parameter names
 * ("_current_": the scene's $ACTIVETAKE).
 *
 * The member is text lines ("HoudiniTakeFile 1.0", "take name N kids K")
 * between binary records: a 4-byte big-endian length, then that many bytes:
 *   "s ID TEXT\n"       the string table (node paths and parameter names)
 *   "d NODE PARM\n" ... an override: a nested record holding a .parm block
 *                       ("{ version 0.8 / name [ flags ] ( values ) }"),
 *                       or for a flag (PARM ".flags.b") its value "on"/"off"
 *   "e\n"               the end of the take
 * A take's kids follow it, depth first.
 */
#ifndef HU_TAKES_H
#define HU_TAKES_H

#include "hu_store.h"

typedef struct {
	size_t take;  /* the take it belongs to */
	char *node;   /* "/out/mantra1" */
	char *parm;   /* "vm_picture", ".flags.b" */
	hu_node held; /* only held.parms / held.nparms: the parsed .parm block */
	int bypass;   /* a ".flags.b" record: 1 off, 2 on; 0 for other records */
	int animated; /* the take's value follows a channel it holds: only its saved value is known */
	int unread;   /* a record this reader cannot apply (another flag, an unreadable block) */
} hu_tover;

/* The most takes and overrides kept; a larger .takes is read up to there (and says so). */
#define HU_TAKES_MAX     4096
#define HU_TAKE_OVER_MAX 65536

typedef struct hu_takes {
	hu_strvec names; /* take i's name */
	size_t *parents; /* take i's parent, SIZE_MAX for the root (Main) */
	size_t parents_cap;
	hu_tover *overs;
	size_t nover, over_cap;
	hu_strvec strings; /* the member's string table, by id */
	hu_store *st;
	size_t selected; /* the take whose chain the nodes show, SIZE_MAX for none */
	size_t *used;    /* the takes enabled ROPs render with (hu_takes_mark_used), each once */
	size_t nused, used_cap;
	int truncated; /* HU_TAKES_MAX or HU_TAKE_OVER_MAX was reached */
} hu_takes;

void hu_takes_init(hu_takes *t, hu_store *st);
void hu_takes_dispose(hu_takes *t);

/* Read a .takes member (a second one replaces the first).  SP_ENOMEM only; bad bytes end the read. */
int hu_parse_takes(hu_takes *t, const char *data, size_t len);

/* The take called `name`, SIZE_MAX when there is none. */
size_t hu_takes_find(const hu_takes *t, const char *name);

/*
 * Show take `take`'s chain on the nodes: every node it (or a parent take)
 * overrides answers hu_node_parm and hu_node_bypassed with the take's value,
 * the nearest take winning.  SIZE_MAX shows the values as saved.
 */
int hu_takes_select(hu_takes *t, size_t take);

/* The active take: $ACTIVETAKE, else Main; SIZE_MAX when the file has no takes. */
size_t hu_takes_active(const hu_takes *t);

/*
 * The take a ROP renders with: its `take` parameter, "_current_" (or none)
 * meaning the active take.  *name_out is the name asked for; SIZE_MAX when
 * no take of that name exists.
 */
size_t hu_takes_of_rop(const hu_takes *t, const hu_node *rop, const char **name_out);

/* Remember that an enabled ROP renders with `take`: its file parameters are inputs too. */
int hu_takes_mark_used(hu_takes *t, size_t take);

/* 1 when `take` is `leaf` or one of its parents. */
int hu_takes_in_chain(const hu_takes *t, size_t leaf, size_t take);

/*
 * The first override of `node` in the selected chain this reader could not
 * apply (animated in the take, or an unknown record), NULL when none.
 */
const hu_tover *hu_takes_unapplied(const hu_takes *t, const hu_node *node);

#endif

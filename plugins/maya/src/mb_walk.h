/*
 * The Maya binary (.mb) reader: walks the IFF tree of one file and fills
 * the same ma_walk as the .ma statements do (version, time unit, plug-ins,
 * references, nodes, attributes, connections), so the feeds that turn the
 * store into the scene model are shared by both formats.
 */
#ifndef MB_WALK_H
#define MB_WALK_H

#include "ma_walk.h"
#include "mb_iff.h"

typedef struct {
	ma_walk *w;
	mb_iff rd;
	int uuid;     /* CREA ends with a 16-byte UUID (files of Maya 2016 and later) */
	uint64_t tps; /* time ticks per second of TDUR, when have_tdur */
	int have_tdur;
	double units;      /* time units per second of TUNI (24 for film): the unit .ma values are in */
	ma_map plug_types; /* plug-in node type id ("%08x") -> index in plug_names */
	ma_strvec plug_names;
	ma_map logged; /* type ids already reported as unnamed */
} mb_state;

/* Read w->file (a FOR4/FOR8 file) into w->store and the walk's header fields. */
int mb_walk_read(ma_walk *w);

/* Maya type name of a built-in node form type ("RTFT" -> "file"), or NULL. */
const char *mb_builtin_type(const unsigned char code[4]);

/* Type name of a plug-in node id the file table needs when no PLUG chunk names it, or NULL. */
const char *mb_known_plugin_type(const unsigned char code[4]);

/* Units per second of a Maya time unit ("film" 24, "12fps" 12, "sec" 1); 0 when unknown. */
double mb_time_units(const char *unit);

/* One attribute chunk (STR , DBLE, DBL2/3, FLT2/3, FLGS, STR#, I32#, CMPD) of the current node (mb_values.c).
 */
int mb_attr_chunk(mb_state *st, const mb_chunk *c);
/* ATTR: a dynamic attribute declared on the current node, as .ma `addAttr` (mb_attrdef.c). */
int mb_attr_def(mb_state *st, const mb_chunk *c);
/* REFE: the reference edits that set paths on nodes of the referenced file (mb_values.c). */
int mb_ref_edits(mb_state *st, const mb_chunk *c);

#endif

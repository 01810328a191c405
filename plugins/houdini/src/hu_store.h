/*
 * What the Houdini shim keeps from a scene while the archive streams past:
 * per node its type, bypass flag, parameter values (strings and small
 * values only) and channel expressions, plus the global variables, the
 * playbar settings and the HDA library list.  Parsers for the members that
 * fill it live in hu_members.c.
 */
#ifndef HU_STORE_H
#define HU_STORE_H

#include "hu_util.h"

/* Parameter values longer than this (embedded data) are not kept, nor any with a line break (scripts). */
#define HU_VALUE_MAX 4096

typedef struct {
	char *name;
	/*
	 * The cached value of each component; when the parameter is animated,
	 * then each component's channel name (NULL for one that follows none):
	 * read them with hu_parm_chan.
	 */
	char **vals;
	uint32_t ncomp;    /* fits: a member holds at most HU_MEMBER_MAX bytes */
	uint32_t animated; /* 1 when vals holds channel names after the values */
	uint32_t size;     /* bytes of its strings from name on: the name, then values and channels */
} hu_parm;

/* The channel component i follows (i < ncomp), NULL when none. */
const char *hu_parm_chan(const hu_parm *p, size_t i);
/* Forget the channel of component i: its saved value stands. */
void hu_parm_unlink(hu_parm *p, size_t i);

typedef struct {
	char *name;
	char *expr; /* expression of the only segment, NULL when keyed, Python or absent */
	/*
	 * The parameter's text the channel stands for: a string literal's text
	 * ("$HIP/x.$F4.exr"), or any other hscript expression as a backtick
	 * expression ("`chs(\"../x\")`") for hu_expand to evaluate or report.
	 */
	char *str;
	int opaque; /* Python or keyframes: only the value saved in .parm is known */
} hu_chan;

/* What the selected take chain sets on one node (hu_takes.c): its parameters, nearest take first. */
typedef struct {
	const hu_parm **items; /* not owned: they live in the takes */
	size_t count, cap;
	int bypass; /* 0 when no take sets the flag, 1 off, 2 on */
} hu_take_view;

/* What few nodes have, kept apart so the others do not pay for it. */
typedef struct {
	hu_strvec spare_files; /* "<t><name>": spare parms typed file (f), image (i) or geometry (g) */
	char *inputs; /* LOP nodes only: the input nodes' names, "a\0b\0\0" (input 0 first); else NULL */
} hu_node_extra;

typedef struct {
	char *path; /* "/obj/geo1", in the store's arena */
	const char
	    *type; /* from .init, "filecache::2.0" (the store's copy); NULL when the member is missing */
	hu_parm **parms;      /* nparms of them: the store's shared records (hu_parse_parm_with) */
	hu_chan *chans;       /* nchans of them; room for hu_chans_room(nchans) */
	hu_node_extra *extra; /* NULL when the node has none of it */
	hu_take_view *take;   /* made the first time a take overrides the node, else NULL */
	/* counts fit 32 bits: a member holds at most HU_MEMBER_MAX bytes */
	uint32_t nparms;
	uint32_t nchans;
	/*
	 * The position of the node at this one's parent path when the store
	 * held it as this one was made, else HU_NO_PARENT (then look the path up).
	 */
	uint32_t parent;
	unsigned char bypass;
	unsigned char parms_heap; /* parms was allocated on its own (hu_free), not in the store's arena */
} hu_node;

#define HU_NO_PARENT UINT32_MAX

/* Nodes per slab: the store grows a slab at a time and never moves a node. */
#define HU_SLAB 1024

/* Parameter records kept once per scene, found by content (hu_parse_parm_with). */
#define HU_POOL_RECENT 16
typedef struct {
	uint64_t *slots; /* hash << 32 | (record + 1); 0 is empty */
	size_t nslots, count;
	hu_parm **recs; /* in the store's arena */
	size_t recs_cap;
	/* the last node of each of a few types: the next one mostly saves the same lines in the same order */
	struct hu_recent_parms {
		const char *type;
		hu_parm **parms;
		size_t nparms;
		sp_buf raw;    /* its .parm member, when small */
		size_t *spans; /* per parameter: where its line lies in raw, and how long (0: do not match) */
		size_t spans_cap;
	} recent[HU_POOL_RECENT];
	size_t recent_next;
} hu_parm_pool;
void hu_parm_pool_dispose(hu_parm_pool *pool);

typedef struct {
	hu_node **slabs; /* node i is slabs[i / HU_SLAB][i % HU_SLAB]; see hu_store_at */
	size_t nslabs, slabs_cap;
	size_t count;
	size_t last;                 /* the node the previous lookup found */
	hu_arena arena;              /* the nodes' paths, parameter pointers and records */
	hu_parm_pool parm_pool;      /* every distinct parameter record, once */
	hu_table index;              /* node path -> position */
	hu_table type_index;         /* node type -> position in types */
	hu_strvec types;             /* every node type, once: hu_node.type points here */
	const char *recent_types[4]; /* the last types interned (a network mixes a few), a cache */
	size_t recent_next;
	hu_strvec var_names, var_values;
	double fps, tcur;
	double fstart, fend;   /* $FSTART/$FEND: the global animation range ("tset") */
	double rfstart, rfend; /* $RFSTART/$RFEND: the playbar's range ("frange") */
	hu_strvec libraries;   /* .OPlibraries lines */
} hu_store;

void hu_store_init(hu_store *st);
/* Room for n channels in hu_node.chans (the size hu_grow made it). */
size_t hu_chans_room(size_t n);
void hu_store_dispose(hu_store *st);

/* Node i, 0 <= i < st->count, in the order the archive named them. */
hu_node *hu_store_at(const hu_store *st, size_t i);
/* The store's one copy of a node type name (n bytes), NULL when out of memory. */
const char *hu_store_intern(hu_store *st, const char *type, size_t n);

/* The node at `path`, created when `create` is set; NULL when absent (or out of memory: *err). */
hu_node *hu_store_node(hu_store *st, const char *path, int create, int *err);
const hu_node *hu_store_find(const hu_store *st, const char *path);
/*
 * The node at the parent path of `node` (`parent_path`, "/obj" for
 * "/obj/geo1"), NULL when the store holds none: hu_store_find(st,
 * parent_path), without the lookup when the store linked them.
 */
const hu_node *hu_store_parent(const hu_store *st, const hu_node *node, const char *parent_path);
/* The parameter `name`: the selected take's override when there is one, else the saved one. */
const hu_parm *hu_node_parm(const hu_node *node, const char *name);
/* The bypass flag, as the selected take sets it or as saved. */
int hu_node_bypassed(const hu_node *node);
/* The cached value of component i of `name`, NULL when there is none. */
const char *hu_node_value(const hu_node *node, const char *name, size_t i);
/*
 * The string value of a parameter's first component: a string channel's
 * literal expression when it has one (the cached value was evaluated at one
 * frame only), else the cached value.
 */
const char *hu_node_string(const hu_node *node, const char *name);
const char *hu_parm_string(const hu_node *node, const hu_parm *parm);
/* 1 when the first component follows a channel this reader cannot evaluate (Python, keys). */
int hu_parm_opaque(const hu_node *node, const hu_parm *parm);
const char *hu_node_chan_expr(const hu_node *node, const char *chan);
/* The type without namespace or version: "qLib::rop_tool_ql::1" -> "rop_tool_ql". */
void hu_base_type(const char *type, char *out, size_t cap);
/* The last path segment ("mantra1" for "/out/mantra1"). */
const char *hu_node_name(const hu_node *node);
/* The value of a `set -g` variable, NULL if unset. */
const char *hu_store_var(const hu_store *st, const char *name);

/*
 * A .parm member being read: every parameter's strings back to back in
 * `text` (its name, then each component's value and channel name), and
 * where they start.  When the member is done each parameter becomes the
 * store's shared record for its line (or, without a store, one block holds
 * them all).  A reader keeps one scratch for all its .parm members, so
 * reading one allocates nothing else.
 */
typedef struct {
	size_t name;  /* offset of the name in text */
	size_t first; /* index of its first component in comps */
	size_t ncomp;
	size_t raw, raw_len; /* the bytes of the member it was read from; raw_len 0: not to be matched */
	hu_parm *done;       /* a record taken whole from the last node of the type, else NULL */
} hu_parm_rec;

typedef struct {
	sp_buf text;
	hu_parm_rec *parms;
	size_t nparms, parms_cap;
	size_t *comps; /* two per component: value, channel (SIZE_MAX for none) */
	size_t ncomps, comps_cap;
} hu_parm_scratch;
#define HU_PARM_SCRATCH_INIT                                                                                 \
	{                                                                                                    \
		SP_BUF_INIT, NULL, 0, 0, NULL, 0, 0                                                          \
	}
/* A scratch grown past this by one member is freed after it. */
#define HU_SCRATCH_KEEP (1u << 20)
void hu_parm_scratch_dispose(hu_parm_scratch *s);

/* Member parsers (hu_members.c). They are lenient: unknown lines are skipped. */
int hu_parse_parm(hu_node *node, const char *data, size_t len);
/*
 * hu_parse_parm with the caller's scratch, kept between members; the
 * parameters are the store's records (one per distinct name and values, in
 * its arena, freed with it), NULL: a block of the node's own.
 */
int hu_parse_parm_with(hu_node *node, hu_store *st, hu_parm_scratch *s, const char *data, size_t len);
void hu_parse_def(hu_node *node, const char *data, size_t len);
/*
 * The names of the nodes wired into this one (.def "inputs" block, else
 * "inputsNamed3"), siblings of it, kept in node->inputs.  Only asked for in
 * LOP networks, where the render settings a render ROP uses sit upstream.
 */
int hu_parse_def_inputs(hu_node *node, const char *data, size_t len);
/* Input i's node name, NULL past the last. */
const char *hu_node_input(const hu_node *node, size_t i);
int hu_parse_init(hu_store *st, hu_node *node, const char *data, size_t len);
int hu_parse_chn(hu_node *node, const char *data, size_t len);
/* File-typed spare parameters from .spareparmdef (names may end in '#' for multiparms). */
int hu_parse_spareparmdef(hu_node *node, const char *data, size_t len);
int hu_parse_variables(hu_store *st, const char *data, size_t len);
void hu_parse_start(hu_store *st, const char *data, size_t len);
int hu_parse_libraries(hu_store *st, const char *data, size_t len);

/*
 * Split a member name "obj/geo1.parm" into the node path "/obj/geo1" and the
 * suffix "parm"; 0 when the name is not a node member.
 */
int hu_member_split(const char *member, char *path, size_t cap, const char **suffix_out);
/* The node path of a member name whose suffix starts after `dot` ("/" + the name up to it); 0 when it
 * does not fit `cap` bytes. */
int hu_member_path(const char *member, const char *dot, char *path, size_t cap);
/* The '.' before the suffix of a member name: the last '.' after the last '/', NULL when none. */
const char *hu_member_dot(const char *member);

#endif

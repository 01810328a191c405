/*
 * What the walk keeps of a scene: the nodes it may need (name, type,
 * parent, the few attributes that matter) and the connections that wire
 * render layers, Render Setup and layer overrides.  Mesh data and other
 * bulk values never get here.
 */
#ifndef MA_STORE_H
#define MA_STORE_H

#include "ma_attrs.h"
#include "ma_util.h"

typedef struct {
	const char *name;    /* canonical (short) name when known, else as written, without '.' (store's) */
	const char *written; /* as written, without '.' (store's) */
	char *value;         /* first value, unescaped; NULL when only a flag was set */
	uint64_t line;
	int is_string;
} ma_attr;

/* What few nodes have: attributes the walk kept, -uaf declarations. */
typedef struct {
	ma_attr *attrs;
	size_t nattr, attr_cap;
	ma_strvec *uaf; /* dynamic attributes declared -uaf (short and long names), NULL when none */
	ma_map index;   /* canonical name -> attribute index, once a node has many (layers with many .adjs) */
	int shared;     /* createNode -s */
} ma_node_extra;

/*
 * A node, with its name and parent, lives in the store's arena: a scene has
 * hundreds of thousands, most of them with nothing kept but their name.
 */
typedef struct {
	const char *name;
	struct ma_type *ti; /* the type, and what the file table and the walk make of it */
	const char *parent; /* -p of createNode, or NULL (the parent's own name when that node exists) */
	uint64_t line;
	ma_node_extra *x; /* NULL until the node has an attribute, a -uaf or -s */
} ma_node;

/* createNode -s (a few default nodes are) */
static inline int ma_node_shared(const ma_node *n)
{
	return n->x && n->x->shared;
}

/* The node's kept attributes. */
static inline size_t ma_node_nattr(const ma_node *n)
{
	return n->x ? n->x->nattr : 0;
}

static inline const ma_attr *ma_node_attr_at(const ma_node *n, size_t i)
{
	return &n->x->attrs[i];
}

typedef struct {
	char *src, *src_attr, *dst, *dst_attr;
} ma_conn;

#define MA_TYPE_RECENT     8
#define MA_TYPE_RECENT_LEN 30

/* A node type, looked up in the file table once when the store first sees it. */
typedef struct ma_type {
	const char *name;         /* as the store keeps it */
	const ma_path_attr *rows; /* the file table's rows, NULL when the type names no files */
	size_t nrows;
	const char **canon; /* canonical spelling of each row's short name */
	ma_type_class cls;
	ma_map wanted; /* attribute (up to its first '[') -> 1 when the walk keeps it, 0 when not */
	/* the last few answers of `wanted`: a node sets the attributes the last one of its type set */
	struct {
		char name[MA_TYPE_RECENT_LEN];
		unsigned char len, wanted;
	} recent[MA_TYPE_RECENT];
	unsigned recent_next;
} ma_type;

/* Distinct attribute names remembered per type: a scene uses a few dozen; a hostile file gets no more. */
#define MA_TYPE_WANTED_MAX 512

/* Node name -> node, open addressing; each slot keeps its key's hash so probes rarely compare names. */
typedef struct {
	uint32_t node; /* index + 1 into the store's nodes, 0 = empty */
	uint32_t hash;
} ma_name_slot;

typedef struct {
	ma_node **nodes;
	size_t nnode, node_cap;
	ma_name_slot *by_name;
	size_t nslot;        /* a power of two, at least twice nnode */
	ma_arena arena;      /* nodes, their names and parents */
	ma_strset types;     /* node types, each once */
	ma_type **type_info; /* what the file table and the walk make of types.items[i] */
	size_t type_info_cap;
	ma_type *recent_types[4]; /* the last types set: a layout alternates transform and shape */
	unsigned recent_next;
	ma_strset attr_names; /* attribute names, canonical and as written */
	ma_conn *conns;
	size_t nconn, conn_cap;
} ma_store;

void ma_store_dispose(ma_store *st);

/* The node named `name` (leading ':' ignored; a DAG path falls back to its last part), or NULL. */
ma_node *ma_store_find(const ma_store *st, const char *name);
/* Create a node, or return the existing one of that name (its type is filled in when empty). */
int ma_store_add(ma_node **out, ma_store *st, const char *name, const char *type);
/* Record the node's parent (-p of createNode) when it has none yet. */
int ma_store_set_parent(ma_store *st, ma_node *node, const char *parent);
/* Mark the node shared (createNode -s) or not; SP_ENOMEM when out of memory. */
int ma_node_set_shared(ma_node *node, int shared);
/* Record a -uaf (used as filename) attribute of the node. */
int ma_node_add_uaf(ma_node *node, const char *attr);
/* 1 when the node declared `attr` (either spelling as declared) -uaf. */
int ma_node_has_uaf(const ma_node *node, const char *attr);

/* Set an attribute (replacing a previous value of the same canonical name). */
int ma_node_set(ma_store *st, ma_node *node, const char *written, const char *value, int is_string,
                uint64_t line);
/* Attribute by canonical name (either spelling accepted), or NULL. */
const ma_attr *ma_node_attr(const ma_node *node, const char *name);
const char *ma_node_value(const ma_node *node, const char *name);
/* The file table's row for `attr` (any spelling) on this node's type, or NULL. */
const ma_path_attr *ma_node_path_attr(const ma_node *node, const char *attr);

int ma_store_connect(ma_store *st, const char *src_plug, const char *dst_plug);

/* Split "node.attr" (leading ':' dropped) into copies; attr may be "". */
int ma_split_plug(char **node_out, char **attr_out, const char *plug);

#endif

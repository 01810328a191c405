/*
 * Analysis: turn the references a shim declared into the files to upload.
 *
 * Each reference goes through: variables -> user path maps -> normalisation
 * -> a base folder for relative paths -> sequence/tile expansion or a stat
 * -> deduplication.  Every folder is listed at most once (sp_dircache), so
 * 100k references over 1k folders cost 1k listings.
 */
#include "scene_impl.h"
#include "deps.h"
#include "os.h"
#include "seq.h"
#include "sp/paths.h"
#include "sp/tips.h"

/*
 * MD5's own functions, deprecated by OpenSSL 3 in favour of EVP: EVP's first
 * digest sets up the provider machinery (the configuration file, every
 * algorithm's names): 5M instructions, a third of an empty scene's
 * analysis.  Both hash with the same assembly block function.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define MAX_DIRECTORY_FILES   200000
#define MAX_DIRECTORY_DEPTH   32
#define MAX_DIRECTORY_FOLDERS 10000 /* listed for one folder reference (links can loop) */

enum { FOLDER_AT_LIMIT = 1, FOLDER_IS_ROOT = 2 };
#define WINDOWS_MAX_PATH 259

/* Frame variables stay in the path for the sequence expander, never expanded as environment. */
static const char *const frame_vars[] = {"F",  "F1", "F2", "F3", "F4", "F5", "F6", "F7",
                                         "F8", "F9", "FF", "U",  "V",  "2U", "2V", NULL};

/*
 * The assets' dedupe keys, as an open-addressing table of (hash, index) pairs.
 * A general string map costs a copy of each key and three dependent cache
 * misses per lookup (slot, key pointer, key bytes), which made it the
 * costliest step of resolving 100k references; here the full 64-bit hash
 * sits in the slot and a key is rebuilt from the asset's path only when two
 * hashes are equal (a duplicate, nearly always).
 */
typedef struct {
	uint64_t hash;
	size_t index; /* into scene->assets, + 1; 0 for an empty slot */
} asset_slot;

typedef struct {
	asset_slot *slots;
	size_t nslots; /* a power of two, at least twice the count */
	size_t count;
} asset_set;

typedef struct {
	sp_scene *scene;
	sp_ctx *ctx;
	sp_dircache *dirs;
	sp_deps *deps;              /* files such as .ass or .usda that name more files */
	sp_frames *render_frames;   /* union over renderable units, NULL when none are known */
	int64_t render_frame_count; /* distinct frames of render_frames */
	asset_set asset_index;      /* dedupe keys of scene->assets */
	size_t asset_cap;
	sp_buf key, other_key; /* scratch for add_asset */
	sp_buf scene_dir;
	sp_strvec found;          /* scratch: files of the current reference */
	sp_os_stat_info found_st; /* the one file find_files stat'ed itself, when found_st_valid */
	int found_st_valid;
	size_t folders_listed; /* by collect_directory for the current reference */
	int folder_cut;        /* the folder was not walked whole: FOLDER_AT_LIMIT or FOLDER_IS_ROOT */
} analysis;

/* "node.attr" of a reference, or "(scene)": 0, or SP_ENOMEM. */
static int ref_label(const sp_fileref *ref, sp_buf *out)
{
	sp_buf_clear(out);
	if (!ref->node || !*ref->node)
		return sp_buf_puts(out, "(scene)") < 0 ? SP_ENOMEM : 0;
	if (sp_buf_puts(out, ref->node) < 0 ||
	    (ref->attr && *ref->attr && (sp_buf_putc(out, '.') < 0 || sp_buf_puts(out, ref->attr) < 0)))
		return SP_ENOMEM;
	return 0;
}

static int missing_tip_code(const analysis *an, const sp_fileref *ref, const char *path)
{
	size_t n = strlen(path);
	if (ref->flags & SP_REF_OPTIONAL)
		return SP_TIP_OPTIONAL_MISSING;
	switch (an->scene->app) {
	case SP_APP_HOUDINI:
		return SP_TIP_HOUDINI_MISSING_FILE;
	case SP_APP_CLARISSE:
		return SP_TIP_CLARISSE_MISSING_FILE;
	case SP_APP_MAYA:
		break;
	}
	if (n >= 4 && sp__strcasecmp(path + n - 4, ".abc") == 0)
		return SP_TIP_MISSING_ALEMBIC;
	if (n >= 4 && sp__strcasecmp(path + n - 4, ".vdb") == 0)
		return SP_TIP_MISSING_VDB;
	return SP_TIP_MAYA_MISSING_FILE;
}

static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a, then a multiply so the low bits mix every byte */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ULL;
}

static int asset_set_grow(asset_set *set)
{
	size_t n = set->nslots ? set->nslots * 2 : 1024;
	asset_slot *slots = sp__calloc(n, sizeof(*slots));
	if (!slots)
		return SP_ENOMEM;
	for (size_t i = 0; i < set->nslots; i++) {
		size_t j = (size_t)set->slots[i].hash & (n - 1);
		if (!set->slots[i].index)
			continue;
		while (slots[j].index)
			j = (j + 1) & (n - 1);
		slots[j] = set->slots[i];
	}
	sp__free(set->slots);
	set->slots = slots;
	set->nslots = n;
	return 0;
}

/*
 * The slot for the key in an->key: the asset already there, or the empty slot
 * where it goes.  NULL on error.
 */
static asset_slot *find_asset(analysis *an, uint64_t hash)
{
	asset_set *set = &an->asset_index;
	size_t mask = set->nslots - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		asset_slot *slot = &set->slots[i];
		if (!slot->index)
			return slot;
		if (slot->hash != hash)
			continue;
		if (sp_path_dedupe_key(&an->other_key, an->scene->assets[slot->index - 1].local) < 0)
			return NULL;
		if (an->other_key.size == an->key.size &&
		    memcmp(sp_buf_cstr(&an->other_key), sp_buf_cstr(&an->key), an->key.size) == 0)
			return slot;
	}
}

static int add_asset(analysis *an, const char *path, const sp_os_stat_info *st)
{
	sp_scene *scene = an->scene;
	asset_slot *slot;
	uint64_t hash;
	int error = sp_path_dedupe_key(&an->key, path);
	if (error == 0 && (an->asset_index.count + 1) * 2 > an->asset_index.nslots)
		error = asset_set_grow(&an->asset_index);
	if (error < 0)
		goto done;
	hash = key_hash(an->key.ptr, an->key.size);
	if (!(slot = find_asset(an, hash))) {
		error = SP_ENOMEM;
		goto done;
	}
	if (slot->index) /* already an asset: the first path found keeps the entry */
		goto done;
	if (scene->asset_count == an->asset_cap) {
		size_t cap = an->asset_cap ? an->asset_cap * 2 : 64;
		sp_asset *assets = sp__realloc(scene->assets, cap * sizeof(*assets));
		if (!assets) {
			error = SP_ENOMEM;
			goto done;
		}
		scene->assets = assets;
		an->asset_cap = cap;
	}
	sp_asset *a = &scene->assets[scene->asset_count];
	if (!(a->local = sp__strdup(path))) {
		error = SP_ENOMEM;
		goto done;
	}
	a->size = st->size;
	a->mtime = st->mtime;
	scene->asset_count++;
	scene->asset_bytes += st->size;
	slot->hash = hash;
	slot->index = scene->asset_count;
	an->asset_index.count++;
done:
	return error == SP_ENOMEM ? sp__oom(an->ctx) : error;
}

/* 1 for "/", "C:/" or "//server/share": the root of a disk or share (`path` is normalised). */
static int is_root_folder(const char *path)
{
	const char *p;
	switch (sp_path_kind_of(path)) {
	case SP_PATH_POSIX:
		return strcmp(path, "/") == 0;
	case SP_PATH_DRIVE:
		return path[2] == '\0' || (path[2] == '/' && path[3] == '\0');
	case SP_PATH_UNC:
		/* "//server" or "//server/share", with no folder below the share */
		p = strchr(path + 2, '/');
		return !p || !strchr(p + 1, '/');
	default:
		return 0;
	}
}

/* Every file below `dir`, depth-first, through the folder cache. */
static int collect_directory(analysis *an, const char *dir, unsigned depth)
{
	const sp_strvec *names = NULL;
	sp_buf child = SP_BUF_INIT;
	int error = 0;
	if (depth > MAX_DIRECTORY_DEPTH || an->found.count > MAX_DIRECTORY_FILES ||
	    an->folders_listed >= MAX_DIRECTORY_FOLDERS) {
		an->folder_cut = FOLDER_AT_LIMIT;
		return 0;
	}
	an->folders_listed++;
	if (sp_dircache_list(&names, an->dirs, dir) < 0) {
		sp_ctx_clear_error(an->ctx);
		return 0;
	}
	for (size_t i = 0; i < names->count && error == 0; i++) {
		sp_os_stat_info st;
		if ((error = sp_path_join(&child, dir, names->items[i])) < 0)
			break;
		if (sp_os_stat(an->ctx, child.ptr, &st) < 0) {
			sp_ctx_clear_error(an->ctx);
			continue;
		}
		error = st.is_dir ? collect_directory(an, child.ptr, depth + 1)
		                  : sp_strvec_push(&an->found, child.ptr);
	}
	sp_buf_dispose(&child);
	return error;
}

/*
 * The files `path` stands for, into an->found.  Returns 1 when at least one
 * exists, 0 when none, <0 on error.
 */
static int find_files(analysis *an, const sp_fileref *ref, const char *path)
{
	unsigned kinds = sp_seq_tokens(path);
	unsigned want = ((ref->flags & SP_REF_FRAMES) ? SP_SEQ_HAS_FRAME : 0) |
	                ((ref->flags & SP_REF_TILES) ? SP_SEQ_HAS_TILE : 0);
	sp_os_stat_info st;
	int error;

	sp_strvec_clear(&an->found);
	an->found_st_valid = 0;
	an->folder_cut = 0;
	if (kinds & want) {
		error = sp_seq_expand(an->dirs, path, kinds & want, an->render_frames, &an->found);
		if (error == 0 && an->found.count == 0 && an->render_frames &&
		    (kinds & want & SP_SEQ_HAS_FRAME))
			error = sp_seq_expand(an->dirs, path, kinds & want, NULL, &an->found);
		return error < 0 ? error : an->found.count > 0;
	}
	if (sp_os_stat(an->ctx, path, &st) < 0) {
		sp_ctx_clear_error(an->ctx);
		return 0;
	}
	if (!st.is_dir) {
		/* kept so record_found does not stat the file a second time */
		an->found_st = st;
		an->found_st_valid = 1;
		return sp_strvec_push(&an->found, path) < 0 ? sp__oom(an->ctx) : 1;
	}
	if (!(ref->flags & SP_REF_DIRECTORY))
		return 0;
	an->folders_listed = 0;
	/* a folder reference that came out as a whole disk or share ("map('/')") is not walked */
	if (is_root_folder(path)) {
		an->folder_cut = FOLDER_IS_ROOT;
		return 1;
	}
	error = collect_directory(an, path, 0);
	return error < 0 ? error : 1;
}

/* The text after a "root//" project join, or NULL. */
static const char *project_tail(const char *raw)
{
	const char *p = raw;
	if ((p[0] == '/' || p[0] == '\\') && (p[1] == '/' || p[1] == '\\'))
		p += 2; /* UNC prefix */
	for (; *p; p++)
		if ((p[0] == '/' || p[0] == '\\') && (p[1] == '/' || p[1] == '\\') && p[2])
			return p + 2;
	return NULL;
}

static int try_base(analysis *an, const sp_fileref *ref, const char *base, const char *rel, sp_buf *out)
{
	int found, error = sp_path_join(out, base, rel);
	if (error < 0)
		return sp__oom(an->ctx);
	found = find_files(an, ref, out->ptr);
	return found;
}

/* Try each base folder for `rel`; on success `out` holds the winner. 1 found, 0 not, <0 error. */
static int resolve_relative(analysis *an, const sp_fileref *ref, const char *rel, sp_buf *out)
{
	sp_scene *scene = an->scene;
	int found;
	if (ref->base && *ref->base && (found = try_base(an, ref, ref->base, rel, out)) != 0)
		return found;
	for (size_t i = 0; i < scene->search_dirs.count; i++)
		if ((found = try_base(an, ref, scene->search_dirs.items[i], rel, out)) != 0)
			return found;
	if ((found = try_base(an, ref, an->scene_dir.ptr, rel, out)) != 0)
		return found;
	/* Found nowhere: report it where the application would look first. */
	if (ref->base && *ref->base)
		return sp_path_join(out, ref->base, rel) < 0 ? sp__oom(an->ctx) : 0;
	if (scene->search_dirs.count)
		return sp_path_join(out, scene->search_dirs.items[0], rel) < 0 ? sp__oom(an->ctx) : 0;
	return 0;
}

static int check_hygiene(analysis *an, const sp_fileref *ref, const char *label, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p >= 0x80) {
			if (sp_scene_add_tip(an->scene, SP_TIP_NON_ASCII_PATH, "%s: %s", label, path) < 0)
				return SP_ENOMEM;
			break;
		}
	}
	if (sp_path_is_windows(ref->path) && strlen(path) > WINDOWS_MAX_PATH)
		return sp_scene_add_tip(an->scene, SP_TIP_PATH_TOO_LONG, "%s: %zu characters: %s", label,
		                        strlen(path), path);
	return 0;
}

/*
 * Frames in the union of the render ranges, each counted once (layers often
 * overlap).  Past a million frames the exact count is not worth the time.
 */
static int64_t distinct_frames(const sp_frames *frames)
{
	int64_t total = sp_frames_count(frames), n = 0;
	if (total > 1000000)
		return total;
	for (size_t i = 0; i < sp_frames_range_count(frames); i++) {
		const sp_frame_range *r = sp_frames_range_at(frames, i);
		for (int64_t f = r->start; f <= r->end; f += r->step) {
			int seen = 0;
			for (size_t j = 0; j < i && !seen; j++) {
				const sp_frame_range *q = sp_frames_range_at(frames, j);
				seen = f >= q->start && f <= q->end && (f - q->start) % q->step == 0;
			}
			n += !seen;
		}
	}
	return n;
}

static int note_sequence_gaps(analysis *an, const sp_fileref *ref, const char *label, const char *path)
{
	int64_t wanted;
	if (!(ref->flags & SP_REF_FRAMES) || !an->render_frames || (sp_seq_tokens(path) & SP_SEQ_HAS_TILE) ||
	    !(sp_seq_tokens(path) & SP_SEQ_HAS_FRAME))
		return 0;
	wanted = an->render_frame_count;
	if ((int64_t)an->found.count >= wanted)
		return 0;
	return sp_scene_add_tip(an->scene, SP_TIP_SEQUENCE_INCOMPLETE, "%s: %zu of %lld frames exist: %s",
	                        label, an->found.count, (long long)wanted, path);
}

static int note_folder_cut(analysis *an, const char *label, const char *path)
{
	if (an->folder_cut == FOLDER_IS_ROOT)
		return sp_scene_add_tip(an->scene, SP_TIP_FOLDER_NOT_WALKED,
		                        "%s: %s is the root of a disk or share: nothing below it is uploaded",
		                        label, path);
	return sp_scene_add_tip(an->scene, SP_TIP_FOLDER_NOT_WALKED,
	                        "%s: %s holds more than %d files, %d folders or %d levels below it (or links "
	                        "that loop): only the first %zu files are uploaded",
	                        label, path, MAX_DIRECTORY_FILES, MAX_DIRECTORY_FOLDERS, MAX_DIRECTORY_DEPTH,
	                        an->found.count);
}

/* Variables, path maps, normalisation; *unknown_out is 1 when a variable had no value. */
static int expand_path(analysis *an, const sp_fileref *ref, const char *label, sp_buf *out, int *unknown_out)
{
	sp_buf unresolved = SP_BUF_INIT, mapped = SP_BUF_INIT, expanded = SP_BUF_INIT;
	int error = sp_path_expand_vars(&expanded, an->ctx, ref->path, frame_vars, &unresolved);
	*unknown_out = unresolved.size > 0;
	if (error == 0 && unresolved.size > 0)
		error = sp_scene_add_tip(an->scene, SP_TIP_UNRESOLVED_VARIABLE, "%s: %s has no value in %s",
		                         label, unresolved.ptr, ref->path);
	if (error == 0)
		error = sp_path_apply_maps(&mapped, an->ctx, sp_buf_cstr(&expanded));
	if (error == 0)
		error = sp_path_normalize(out, sp_buf_cstr(&mapped));
	sp_buf_dispose(&unresolved);
	sp_buf_dispose(&mapped);
	sp_buf_dispose(&expanded);
	return error;
}

static int record_found(analysis *an, sp_ref_result *res)
{
	for (size_t i = 0; i < an->found.count; i++) {
		sp_os_stat_info st = an->found_st;
		int known = an->found_st_valid && an->found.count == 1;
		if (!known && sp_os_stat(an->ctx, an->found.items[i], &st) < 0) {
			sp_ctx_clear_error(an->ctx);
			continue;
		}
		int error = add_asset(an, an->found.items[i], &st);
		if (error < 0)
			return error;
		res->files++;
		res->bytes += st.size;
	}
	return 0;
}

static int analyze_ref(analysis *an, size_t i)
{
	sp_scene *scene = an->scene;
	const sp_fileref *ref = &scene->refs[i];
	sp_ref_result *res = &scene->results[i];
	sp_buf label = SP_BUF_INIT, path = SP_BUF_INIT, resolved = SP_BUF_INIT;
	const char *tail;
	int found = 0, unknown = 0, error;

	if ((error = ref_label(ref, &label)) < 0 ||
	    (error = expand_path(an, ref, label.ptr, &path, &unknown)) < 0)
		goto done;
	if (unknown) {
		/* Where a variable with no value points is anyone's guess: report the path as written. */
		error = sp_buf_sets(&resolved, path.ptr);
	} else if (sp_path_kind_of(path.ptr) == SP_PATH_RELATIVE) {
		found = resolve_relative(an, ref, path.ptr, &resolved);
		if (found == 0 && !(ref->flags & SP_REF_OPTIONAL) &&
		    (error = sp_scene_add_tip(scene, SP_TIP_RELATIVE_UNRESOLVED,
		                              "%s: %s is not found next to the scene or in the project",
		                              label.ptr, ref->path)) < 0)
			goto done;
	} else {
		error = sp_buf_sets(&resolved, path.ptr);
		found = error < 0 ? error : find_files(an, ref, resolved.ptr);
		if (found == 0 && (ref->flags & SP_REF_PROJECT) && (tail = project_tail(ref->path)) != NULL) {
			sp_buf alt = SP_BUF_INIT;
			if ((found = resolve_relative(an, ref, tail, &alt)) > 0)
				error = sp_buf_sets(&resolved, alt.ptr);
			sp_buf_dispose(&alt);
		}
	}
	if (found < 0 || error < 0) {
		error = found < 0 ? found : error;
		goto done;
	}
	if (!(res->resolved = sp__strdup(sp_buf_cstr(&resolved)))) {
		error = sp__oom(an->ctx);
		goto done;
	}
	if ((error = check_hygiene(an, ref, label.ptr, resolved.ptr)) < 0)
		goto done;
	if (found) {
		error = record_found(an, res);
		if (error == 0)
			error = note_sequence_gaps(an, ref, label.ptr, resolved.ptr);
		if (error == 0 && an->folder_cut)
			error = note_folder_cut(an, label.ptr, resolved.ptr);
		goto done;
	}
	res->missing = 1;
	if ((error = sp_strvec_push(&scene->missing, resolved.ptr)) < 0)
		goto done;
	error = sp_scene_add_tip(scene, missing_tip_code(an, ref, resolved.ptr), "%s: %s", label.ptr,
	                         resolved.ptr);
done:
	if (error == SP_ENOMEM)
		sp__oom(an->ctx);
	sp_buf_dispose(&label);
	sp_buf_dispose(&path);
	sp_buf_dispose(&resolved);
	return error;
}

/*
 * The scene's MD5 (upload.json needs it) costs as much as reading the file
 * once, more than parsing it.  sp_scene_new starts it on a thread of its own
 * so it runs while the shim parses on another core; sp_scene_analyze joins it.
 * The thread never touches the context (not thread-safe): it keeps its
 * outcome in the hasher, and the join reports it.
 */
struct sp_scene_hasher {
	pthread_t thread;
	long pid;   /* the process that started the thread: a fork()ed child has no such thread */
	int joined; /* the thread is gone and error / md5 hold the outcome */
	char *path;
	atomic_int cancel;    /* set by sp_scene_free: stop between blocks */
	int error;            /* 0, or SP_EIO when the file could not be read */
	sp_os_stat_info seen; /* the file as the hash began, to notice a rewrite before the join */
	char md5[33];
};

#define HASH_BLOCK (1u << 20)

static int md5_file(sp_scene_hasher *h)
{
	unsigned char digest[MD5_DIGEST_LENGTH];
	static const char hex[] = "0123456789abcdef";
	char *chunk = NULL;
	size_t n;
	int error = SP_EIO;
	FILE *f = NULL;
	MD5_CTX md;
	/* the platform layer with no context: its messages would race with the parsing thread's */
	if (sp_os_stat(NULL, h->path, &h->seen) < 0 || !(f = sp_os_fopen_read(NULL, h->path)) ||
	    !(chunk = sp__malloc(HASH_BLOCK)) || !MD5_Init(&md))
		goto done;
	while (!atomic_load(&h->cancel) && (n = fread(chunk, 1, HASH_BLOCK, f)) > 0) {
		if (!MD5_Update(&md, chunk, n))
			goto done;
	}
	if (atomic_load(&h->cancel) || ferror(f) || !MD5_Final(digest, &md))
		goto done;
	for (unsigned i = 0; i < MD5_DIGEST_LENGTH; i++) {
		h->md5[2 * i] = hex[digest[i] >> 4];
		h->md5[2 * i + 1] = hex[digest[i] & 15];
	}
	h->md5[32] = '\0';
	error = 0;
done:
	sp__free(chunk);
	if (f)
		fclose(f);
	return error;
}

static void *hash_thread(void *payload)
{
	sp_scene_hasher *h = payload;
	h->error = md5_file(h);
	return NULL;
}

static void hasher_free(sp_scene_hasher *h)
{
	if (!h)
		return;
	sp__free(h->path);
	sp__free(h);
}

static sp_scene_hasher *hasher_new(const char *path)
{
	sp_scene_hasher *h = sp__calloc(1, sizeof(*h));
	if (!h || !(h->path = sp__strdup(path))) {
		hasher_free(h);
		return NULL;
	}
	atomic_init(&h->cancel, 0);
	return h;
}

void sp__scene_hash_start(sp_scene *scene)
{
	sp_scene_hasher *h;
	if (scene->hasher)
		return;
	/* Without a thread (or the memory for one) the hash is taken inline when analysing. */
	if (!(h = hasher_new(scene->path)))
		return;
	h->pid = sp_os_pid();
	if (pthread_create(&h->thread, NULL, hash_thread, h) != 0) {
		hasher_free(h);
		return;
	}
	scene->hasher = h;
}

/*
 * Wait for the thread.  A child made by fork() while the hash ran has no
 * such thread (only the forking one is copied): it leaves the copy alone and
 * hashes inline when it needs the result.  0 when joined, -1 when not.
 */
static int hasher_join(sp_scene_hasher *h)
{
	if (h->joined)
		return 0;
	if (h->pid != sp_os_pid())
		return -1;
	pthread_join(h->thread, NULL);
	h->joined = 1;
	return 0;
}

void sp__scene_hash_stop(sp_scene *scene)
{
	sp_scene_hasher *h = scene->hasher;
	if (!h)
		return;
	atomic_store(&h->cancel, 1);
	(void)hasher_join(h); /* a fork()ed child has no thread to wait for, only this copy */
	hasher_free(h);
	scene->hasher = NULL;
}

/* 1 when the hash taken in the background is of the file as it is now. */
static int hash_still_valid(const sp_scene_hasher *h)
{
	sp_os_stat_info now;
	if (h->error < 0 || sp_os_stat(NULL, h->path, &now) < 0)
		return 0;
	return now.size == h->seen.size && now.mtime == h->seen.mtime;
}

/*
 * The scene's MD5 for upload.json.  sp_scene_analyze leaves the hash thread
 * running, so the files that do not need the hash (task.json, asset.json,
 * tips.json) are written while it finishes; the writer of upload.json joins
 * it here.  A file that was missing or rewritten after sp_scene_new is hashed
 * again as it is now.  Called on an analysed scene, which it does not change
 * but for the hasher's outcome.
 */
int sp__scene_hash_join(const sp_scene *scene)
{
	sp_scene_hasher *h = scene->hasher;
	if (!h)
		return 0; /* hashed inline by sp_scene_analyze */
	if (h->error == 0 && h->joined && h->md5[0])
		return 0;
	if (hasher_join(h) < 0 || !hash_still_valid(h)) {
		atomic_store(&h->cancel, 0);
		h->error = md5_file(h);
		if (h->pid != sp_os_pid()) {
			h->pid = sp_os_pid();
			h->joined = 1; /* nothing of ours to join in this process */
		}
	}
	if (h->error < 0)
		return sp_ctx_error(scene->ctx, SP_EIO, "%s: cannot read the scene to hash it", scene->path);
	return 0;
}

const char *sp__scene_md5(const sp_scene *scene)
{
	if (scene->hasher)
		return scene->hasher->joined && scene->hasher->error == 0 ? scene->hasher->md5 : NULL;
	return scene->scene_md5[0] ? scene->scene_md5 : NULL;
}

/* Without a hash thread (none could be started, or it was stopped), hash inline now. */
static int hash_inline(sp_scene *scene)
{
	sp_scene_hasher *h;
	int error;
	if (scene->hasher)
		return 0;
	if (!(h = hasher_new(scene->path)))
		return sp__oom(scene->ctx);
	error = h->error = md5_file(h);
	if (error == 0)
		memcpy(scene->scene_md5, h->md5, sizeof(scene->scene_md5));
	hasher_free(h);
	if (error < 0)
		return sp_ctx_error(scene->ctx, SP_EIO, "%s: cannot read the scene to hash it", scene->path);
	return 0;
}

static int add_unit_frames(analysis *an, const sp_unit *u)
{
	int error = 0;
	if (u->renderable && u->frames) {
		if (!an->render_frames && (error = sp_frames_new(&an->render_frames, an->ctx)) < 0)
			return error;
		error = sp_frames_append(an->render_frames, u->frames);
	}
	/* A Clarisse image is not itself rendered; its layers are. */
	for (size_t i = 0; i < u->child_count && error == 0; i++)
		error = add_unit_frames(an, u->children[i]);
	return error;
}

static int collect_render_frames(analysis *an)
{
	int error = 0;
	for (size_t i = 0; i < an->scene->unit_count && error == 0; i++)
		error = add_unit_frames(an, an->scene->units[i]);
	/* counted once here: every frame sequence of the scene is measured against it */
	if (error == 0 && an->render_frames)
		an->render_frame_count = distinct_frames(an->render_frames);
	return error;
}

static int has_renderable_camera(const sp_unit *u)
{
	for (size_t i = 0; i < u->cameras.count; i++)
		if (u->camera_renderable[i])
			return 1;
	return 0;
}

static int check_unit(sp_scene *scene, const sp_unit *u, size_t *renderable)
{
	const char *renderer = sp_unit_get(u, SP_PROP_RENDERER);
	int error = 0;
	for (size_t i = 0; i < u->child_count && error == 0; i++)
		error = check_unit(scene, u->children[i], renderable);
	if (error < 0 || !u->renderable)
		return error;
	(*renderable)++;
	if (u->kind != SP_UNIT_LAYER)
		return 0;
	if (!has_renderable_camera(u))
		error = sp_scene_add_tip(scene, SP_TIP_NO_RENDERABLE_CAMERA,
		                         "render layer %s has no renderable camera", u->name);
	if (error == 0 && (!renderer || !*renderer))
		error =
		    sp_scene_add_tip(scene, SP_TIP_NO_RENDERER, "render layer %s has no renderer", u->name);
	return error;
}

/* Checks that need no file system: something renders, with a camera and a renderer. */
static int check_units(sp_scene *scene)
{
	size_t renderable = 0;
	int error = 0;
	for (size_t i = 0; i < scene->unit_count && error == 0; i++)
		error = check_unit(scene, scene->units[i], &renderable);
	/* A shim that already said why nothing renders knows better than this count. */
	if (error == 0 && renderable == 0 && !sp__scene_tip_messages(scene, SP_TIP_NO_RENDERABLE_UNIT))
		error =
		    sp_scene_add_tip(scene, SP_TIP_NO_RENDERABLE_UNIT, "nothing in the scene will render");
	if (error == 0 && scene->requested_version && *scene->requested_version && scene->version &&
	    *scene->version && strcmp(scene->requested_version, scene->version) != 0)
		error = sp_scene_add_tip(scene, SP_TIP_VERSION_MISMATCH,
		                         "the scene was saved by version %s, version %s was requested",
		                         scene->version, scene->requested_version);
	return error;
}

static int cmp_asset(const void *a, const void *b)
{
	return strcmp(((const sp_asset *)a)->local, ((const sp_asset *)b)->local);
}

static void sort_results(sp_scene *scene)
{
	size_t k = 0;
	if (scene->asset_count > 1)
		qsort(scene->assets, scene->asset_count, sizeof(*scene->assets), cmp_asset);
	sp_strvec_sort(&scene->missing);
	for (size_t i = 0; i < scene->missing.count; i++) {
		if (k > 0 && strcmp(scene->missing.items[k - 1], scene->missing.items[i]) == 0) {
			sp__free(scene->missing.items[i]);
			continue;
		}
		scene->missing.items[k++] = scene->missing.items[i];
	}
	scene->missing.count = k;
}

static int add_scene_asset(analysis *an)
{
	sp_os_stat_info st;
	int error = sp_os_stat(an->ctx, an->scene->path, &st);
	return error < 0 ? error : add_asset(an, an->scene->path, &st);
}

int sp_scene_analyze(sp_scene *scene)
{
	analysis an;
	int error;
	if (!scene)
		return SP_EUSER;
	if (scene->analyzed)
		return sp_ctx_error(scene->ctx, SP_EUSER, "the scene was already analysed");
	memset(&an, 0, sizeof(an));
	an.scene = scene;
	an.ctx = scene->ctx;
	if ((error = sp__scene_results_ready(scene)) < 0 || (error = sp_dircache_new(&an.dirs, an.ctx)) < 0 ||
	    (error = sp__deps_new(&an.deps, an.ctx)) < 0 ||
	    (error = sp_path_dirname(&an.scene_dir, scene->path)) < 0 ||
	    (error = collect_render_frames(&an)) < 0)
		goto done;
	/* ref_count grows while this runs: files named inside found files are appended */
	for (size_t i = 0; i < scene->ref_count && error == 0; i++) {
		error = analyze_ref(&an, i);
		if (error == 0 && scene->results[i].files > 0)
			error = sp__deps_scan(an.deps, scene, i, &an.found);
	}
	if (error == 0)
		error = check_units(scene);
	/* the hash thread is joined by the writer of upload.json, after the other three files */
	if (error == 0 && (error = hash_inline(scene)) == 0)
		error = add_scene_asset(&an);
	if (error == 0) {
		sort_results(scene);
		scene->analyzed = 1;
	}
done:
	if (error == SP_ENOMEM)
		sp__oom(an.ctx);
	sp_dircache_free(an.dirs);
	sp__deps_free(an.deps);
	sp__free(an.asset_index.slots);
	sp_buf_dispose(&an.key);
	sp_buf_dispose(&an.other_key);
	sp_frames_free(an.render_frames);
	sp_buf_dispose(&an.scene_dir);
	sp_strvec_dispose(&an.found);
	return error;
}

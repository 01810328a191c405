/* Scene readers by kind: what the analyze command dispatches to. */
#ifndef SP_CLI_READERS_H
#define SP_CLI_READERS_H

#include <sceneprobe.h>

typedef struct {
	const char *project_dir;
} reader_options;

typedef struct {
	const char *name;
	sp_app app;
	int (*sniff)(const unsigned char *head, size_t len);
	int (*read)(sp_scene *scene, const reader_options *opts);
} scene_reader;

/* The reader for a file starting with `head`, or NULL. */
const scene_reader *find_reader(const unsigned char *head, size_t len);
/* A kind we recognise but cannot read yet ("Houdini scenes"), or NULL. */
const char *known_kind_without_reader(const unsigned char *head, size_t len);

#endif

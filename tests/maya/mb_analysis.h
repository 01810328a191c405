/* Everything the farm would get from a Maya scene, as one text, so a .ma and its .mb can be compared. */
#ifndef MB_ANALYSIS_H
#define MB_ANALYSIS_H

/* Append `text` to the malloc'd string *acc (NULL to start). */
void mbt_append(char **acc, const char *text);
/* Drop the lines of `s` holding `key`, in place. */
void mbt_drop_lines(char *s, const char *key);
/*
 * Read and analyse dir/name: task.json, tips.json and upload.json (without
 * the scene's own hash, which differs by format), then one line per declared
 * file and the tip counts.  malloc'd.
 */
char *mbt_analysis(const char *dir, const char *name);

#endif

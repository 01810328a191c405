#include "sp/tips.h"

#include <stddef.h>

/* The local default severity of every code sceneprobe emits; the farm decides for its own codes. */
static const struct {
	int code;
	sp_tip_severity severity;
	const char *title;
} tip_table[] = {
    {SP_TIP_UNKNOWN, SP_TIP_ERROR, "unknown analysis error"},
    {SP_TIP_MAYA_MISSING_FILE, SP_TIP_ERROR, "a referenced file is missing"},
    {SP_TIP_MISSING_ALEMBIC, SP_TIP_ERROR, "an Alembic cache is missing"},
    {SP_TIP_MISSING_VDB, SP_TIP_ERROR, "a VDB file is missing"},
    {SP_TIP_RENDERER_UNSUPPORTED, SP_TIP_WARNING, "the renderer is not supported"},
    {SP_TIP_NO_RENDERER, SP_TIP_ERROR, "no renderer could be determined"},
    {SP_TIP_NO_RENDERABLE_CAMERA, SP_TIP_ERROR, "a render layer has no renderable camera"},
    {SP_TIP_VERSION_MISMATCH, SP_TIP_WARNING, "the scene was saved by a different version"},
    {SP_TIP_CLARISSE_MISSING_FILE, SP_TIP_ERROR, "a referenced file is missing"},
    {SP_TIP_HOUDINI_MISSING_FILE, SP_TIP_ERROR, "a referenced file is missing"},
    {SP_TIP_HOUDINI_CAMERA, SP_TIP_ERROR, "the render node's camera does not exist"},
    {SP_TIP_NO_RENDERABLE_UNIT, SP_TIP_ERROR, "nothing in the scene will render"},
    {SP_TIP_UNRESOLVED_VARIABLE, SP_TIP_WARNING, "a path uses a variable with no value"},
    {SP_TIP_RELATIVE_UNRESOLVED, SP_TIP_WARNING, "a relative path resolves nowhere"},
    {SP_TIP_NON_ASCII_PATH, SP_TIP_WARNING, "a path has non-ASCII characters"},
    {SP_TIP_PATH_TOO_LONG, SP_TIP_WARNING, "a Windows path is longer than 259 characters"},
    {SP_TIP_REFERENCE_NOT_READ, SP_TIP_INFO, "a referenced scene was not analysed"},
    {SP_TIP_UNRESOLVED_EXPRESSION, SP_TIP_WARNING, "an expression was not evaluated"},
    {SP_TIP_SEQUENCE_INCOMPLETE, SP_TIP_WARNING, "a sequence is missing some frames"},
    {SP_TIP_REFERENCE_CYCLE, SP_TIP_WARNING, "a reference cycle or depth limit was met"},
    {SP_TIP_OPTIONAL_MISSING, SP_TIP_INFO, "an optional file is missing"},
    {SP_TIP_UNKNOWN_NODE_TYPE, SP_TIP_INFO, "a plug-in node type could not be named"},
    {SP_TIP_BAD_OUTPUT_PATH, SP_TIP_ERROR, "a render saves to an empty or folder-only path"},
    {SP_TIP_FRAMES_OUTSIDE_RANGE, SP_TIP_WARNING, "a layer renders frames outside its image's range"},
    {SP_TIP_OUTPUT_IS_INPUT, SP_TIP_WARNING, "an output path is also read as an input"},
    {SP_TIP_FOLDER_NOT_WALKED, SP_TIP_WARNING, "a folder was not uploaded whole (a disk's root, or too big)"},
};

static size_t find(int code)
{
	for (size_t i = 0; i < sizeof(tip_table) / sizeof(*tip_table); i++)
		if (tip_table[i].code == code)
			return i;
	return (size_t)-1;
}

sp_tip_severity sp_tip_severity_of(int code)
{
	size_t i = find(code);
	return i == (size_t)-1 ? SP_TIP_WARNING : tip_table[i].severity;
}

const char *sp_tip_title(int code)
{
	size_t i = find(code);
	return i == (size_t)-1 ? "" : tip_table[i].title;
}

const char *sp_tip_severity_name(sp_tip_severity severity)
{
	switch (severity) {
	case SP_TIP_ERROR:
		return "error";
	case SP_TIP_WARNING:
		return "warning";
	case SP_TIP_INFO:
		return "info";
	}
	return "warning";
}

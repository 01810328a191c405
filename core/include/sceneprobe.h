/*
 * sceneprobe: analyse Maya, Houdini and Clarisse scenes for cloud rendering
 * without the application.  Include this header for the whole public API.
 */
#ifndef SCENEPROBE_H
#define SCENEPROBE_H

#include "sp/common.h"
#include "sp/file.h"
#include "sp/frames.h"
#include "sp/index.h"
#include "sp/paths.h"
#include "sp/scene.h"
#include "sp/text.h"
#include "sp/tips.h"
#include "sp/writers.h"
#include "sp/taskdir.h"
#include "sp/submit.h"
#include "sp/ops.h"
#include "sp/shotgrid.h"

#endif

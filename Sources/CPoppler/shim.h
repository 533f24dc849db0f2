#pragma once
#include <poppler.h>
#include <glib.h>

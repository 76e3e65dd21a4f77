# Describes the Python running it, as one JSON line, for rclab. Kept runnable by old
# Pythons too (2.7, 3.x) so that rclab can name the version it refuses.
import json
import platform
import sys

try:
    import sysconfig
    gil_disabled = sysconfig.get_config_var("Py_GIL_DISABLED")
except Exception:
    gil_disabled = None

is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
info = {
    "rclab": "describe",
    "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
    "versionInfo": list(sys.version_info[:3]),
    "releaseLevel": sys.version_info[3],
    "implementation": platform.python_implementation(),
    "executable": sys.executable,
    "pyGilDisabled": bool(gil_disabled) if gil_disabled is not None else None,
    "gilEnabled": is_gil_enabled() if is_gil_enabled is not None else None,
    "switchIntervalMs": sys.getswitchinterval() * 1000.0 if hasattr(sys, "getswitchinterval") else None,
    "compiler": platform.python_compiler(),
    "platform": platform.platform(),
    "machine": platform.machine(),
}
sys.stdout.write(json.dumps(info) + "\n")

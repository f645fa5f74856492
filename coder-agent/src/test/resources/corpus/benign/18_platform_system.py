import os
import platform

IS_WINDOWS = platform.system() == "Windows"
HOME = os.environ.get("HOME") or os.path.expanduser("~")
path = os.path.join(HOME, ".config")

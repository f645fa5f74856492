import os

PATH = os.getcwd()
return PATH

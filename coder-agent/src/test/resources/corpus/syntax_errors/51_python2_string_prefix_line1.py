BANNER = ur"C:\\temp"
print(BANNER)

def connect(host, port, host):
    return (host, port)

print("merchant-server")

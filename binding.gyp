{
  "targets": [
    {
      "target_name": "accord_sha256",
      "sources": ["native/sha256.c"],
      "cflags": ["-O2"]
    }
  ]
}

"""One module per `sora-meta` command; importing a module registers its command on `cli`."""

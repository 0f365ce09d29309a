// Loaded into the action's process (NODE_OPTIONS=--import) by a test: a timer that would keep Node running for
// days, as a library's forgotten keep-alive socket can. The action must end anyway when it is done.
setInterval(() => {}, 2 ** 30);

const crypto = require("node:crypto");

// Runs when a password changes; hashing on the request path blocks every other request.
exports.onPasswordChange = function register(events) {
  events.on("password-changed", (user, password) => {
    user.hash = crypto.pbkdf2Sync(password, user.salt, 310000, 32, "sha256").toString("hex");
  });
};

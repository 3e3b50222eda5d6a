// A stand-in for a database client; every call is independent and pooled.
const table = (name) => ({
  async findById(id) { return { id, table: name, customerId: 1 }; },
  async list() { return []; },
  async all() { return []; },
  async current() { return {}; },
  async active() { return []; },
});

exports.db = { orders: table("orders"), customers: table("customers"), rates: table("rates"), promotions: table("promotions"), users: table("users") };

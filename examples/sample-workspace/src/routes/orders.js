const fs = require("node:fs");
const path = require("node:path");
const express = require("express");
const { db } = require("../lib/db");

const router = express.Router();
const TEMPLATE = fs.readFileSync(path.join(__dirname, "invoice.html"), "utf8"); // startup: fine

router.get("/orders/:id/summary", async (req, res) => {
  const order = await db.orders.findById(req.params.id);
  const customer = await db.customers.findById(order.customerId); // needs the order, so it waits for it
  const rates = await db.rates.current();
  const promotions = await db.promotions.active();
  res.json({ order, customer, rates, promotions });
});

router.get("/orders/report", async (req, res) => {
  const orders = await db.orders.list({ since: req.query.since });
  const users = await db.users.all();
  const rows = orders.map((o) => ({ id: o.id, user: users.find((u) => u.id === o.userId) }));
  const footer = fs.readFileSync(path.join(__dirname, "footer.txt"), "utf8");
  res.send(TEMPLATE.replace("{{rows}}", JSON.stringify(rows)) + footer);
});

module.exports = router;

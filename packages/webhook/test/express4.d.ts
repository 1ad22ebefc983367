// express 4 is installed under an alias to test the adapter on both majors; its API for what the
// tests use (app, json parser, routes, listen) is the same as express 5's.
declare module "express4" {
  import express from "express";
  export default express;
}

/**
 * The approvals web page, one page for both servers of approvals: the proxy's admin port (standalone) and the
 * operator's HTTP port (cluster-wide). Plain HTML, one vanilla script and one style sheet (resources beside this
 * package); the page holds no data and calls the JSON API of the server that served it with the person's bearer token.
 */
package dev.toolgate.admin.approvals;

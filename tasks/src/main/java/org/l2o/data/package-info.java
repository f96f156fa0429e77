/** Dataset fetch (mirrors, checksums, cache), the official splits, and the IDX and CIFAR readers. */
package org.l2o.data;

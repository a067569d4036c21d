from django import template

from commerce.selectors import payment_methods

register = template.Library()
register.simple_tag(payment_methods)

from django import template

from commerce.selectors import payment_method_list

register = template.Library()
register.simple_tag(payment_method_list, name="payment_methods")
